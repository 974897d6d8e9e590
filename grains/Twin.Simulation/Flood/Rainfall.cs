using System.Globalization;

namespace Twin.Simulation.Flood;

/// <summary>Rainfall per district, one intensity (mm/h) per minute of the run.</summary>
public sealed class Rainfall
{
    /// <summary>The presets a planner picks from.</summary>
    public static readonly string[] Presets = ["normals", "cloudburst", "frontal"];

    /// <summary>Districts in the mountains get more rain than the plain (orographic; assumed factors).</summary>
    private static readonly Dictionary<string, double> Orographic = new(StringComparer.Ordinal)
    {
        ["toyama"] = 0.9, ["fuchu"] = 0.9, ["osawano"] = 1.1, ["yatsuo"] = 1.1, ["yamada"] = 1.2, ["oyama"] = 1.25, ["hosoiri"] = 1.25,
    };

    private readonly Dictionary<string, double[]> _byDistrict;

    private Rainfall(Dictionary<string, double[]> byDistrict, string source)
    {
        _byDistrict = byDistrict;
        Source = source;
    }

    /// <summary>Where the series came from (the preset's name, or <c>csv</c>).</summary>
    public string Source { get; }

    /// <summary>The districts, sorted.</summary>
    public IEnumerable<string> Districts => _byDistrict.Keys.Order(StringComparer.Ordinal);

    /// <summary>Intensity (mm/h) in a district at a minute of the run.</summary>
    public double At(string district, int minute) => _byDistrict[district][minute];

    /// <summary>A district's whole series.</summary>
    public IReadOnlyList<double> Series(string district) => _byDistrict[district];

    /// <summary>A preset's rainfall for <paramref name="minutes"/> minutes from <paramref name="start"/>, varied by the seed.</summary>
    public static Rainfall FromPreset(string preset, IReadOnlyList<string> districts, int minutes, DateTimeOffset start, long seed, double scale)
    {
        var rng = new SeededRandom(seed, "rain:" + preset);
        var profile = new double[minutes];
        switch (preset)
        {
            case "normals":
            {
                // The start month's normal precipitation per day, falling in a few showers whose timing and total the seed draws.
                var month = MonthlyNormals.Of(start.ToOffset(TimeSpan.FromHours(9)).Month);
                var perDay = month.PrecipMm / DateTime.DaysInMonth(start.Year, start.Month);
                var total = perDay * minutes / 1440.0 * rng.Between(0.6, 1.4);
                var showers = 2 + (int)(rng.NextDouble() * 3);
                for (var s = 0; s < showers; s++)
                {
                    var at = rng.Between(0, minutes);
                    var width = rng.Between(60, 240);
                    AddTriangle(profile, at, width, total / showers);
                }
                break;
            }
            case "cloudburst":
            {
                // 50 mm/h for an hour at the storm's centre, ramping up and down over 30 minutes; the seed picks the time.
                var begin = rng.Between(0.1, 0.5) * minutes;
                for (var m = 0; m < minutes; m++)
                {
                    var t = m - begin;
                    profile[m] = t < -30 || t > 90 ? 0.5 : t < 0 ? 50 * (t + 30) / 30 : t <= 60 ? 50 : 50 * (90 - t) / 30;
                }
                break;
            }
            case "frontal":
            {
                // A three-day front (assumed: ~300 mm in the mountains): steady rain with two bands of heavy rain whose
                // times and strength the seed draws. A run shorter than 72 h sees its first hours.
                var peak1 = rng.Between(14, 26) * 60;
                var peak2 = rng.Between(42, 56) * 60;
                var height1 = rng.Between(10, 16);
                var height2 = rng.Between(12, 20);
                for (var m = 0; m < minutes; m++)
                {
                    var inFront = m < 72 * 60 ? 1.0 : Math.Exp(-(m - 72 * 60) / 240.0);
                    profile[m] = inFront * (2.5 + height1 * Gauss(m, peak1, 240) + height2 * Gauss(m, peak2, 300));
                }
                break;
            }
            default:
                throw new ScenarioParameterException("rain", $"Option 'rain' must be one of {string.Join(", ", Presets)}; got '{preset}'.");
        }

        var byDistrict = new Dictionary<string, double[]>(StringComparer.Ordinal);
        // A cloudburst is local: its centre district gets it whole, the others a seeded share.
        var centre = preset == "cloudburst" ? districts[(int)(rng.NextDouble() * districts.Count)] : null;
        foreach (var district in districts.Order(StringComparer.Ordinal))
        {
            var factor = centre is null
                ? Orographic.GetValueOrDefault(district, 1.0) * rng.Between(0.9, 1.1)
                : district == centre ? 1.0 : rng.Between(0.2, 0.6);
            var series = new double[minutes];
            for (var m = 0; m < minutes; m++)
            {
                series[m] = Math.Round(profile[m] * factor * scale, 3);
            }
            byDistrict[district] = series;
        }
        return new Rainfall(byDistrict, preset);
    }

    /// <summary>
    /// Rainfall from a CSV: a header <c>minute,mm_h</c> (one intensity for every district) or <c>minute,{district},…</c>
    /// (one column per district named; others dry); each row holds from its minute until the next row's. Not varied by the seed.
    /// </summary>
    public static Rainfall FromCsv(string text, IReadOnlyList<string> districts, int minutes, double scale)
    {
        var lines = text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        if (lines.Count < 2)
        {
            throw new ScenarioParameterException("rain-csv", "The rainfall CSV needs a header and at least one row.");
        }
        var header = lines[0].Split(',').Select(h => h.Trim()).ToArray();
        if (header[0] != "minute" || header.Length < 2)
        {
            throw new ScenarioParameterException("rain-csv", "The rainfall CSV's header must be 'minute,mm_h' or 'minute,<district>,…'.");
        }
        var columns = header.Skip(1).ToArray();
        var allDistricts = columns is ["mm_h"];
        foreach (var column in columns.Where(_ => !allDistricts))
        {
            if (!districts.Contains(column))
            {
                throw new ScenarioParameterException("rain-csv", $"The rainfall CSV names '{column}', which is no district ({string.Join(", ", districts)}).");
            }
        }
        var rows = new List<(int Minute, double[] Values)>();
        for (var i = 1; i < lines.Count; i++)
        {
            var f = lines[i].Split(',');
            if (f.Length != header.Length
                || !int.TryParse(f[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var minute) || minute < 0
                || (rows.Count > 0 && minute <= rows[^1].Minute))
            {
                throw new ScenarioParameterException("rain-csv", $"Rainfall CSV line {i + 1}: '{lines[i]}' is not 'minute,values…' with minutes rising.");
            }
            var values = new double[columns.Length];
            for (var c = 0; c < columns.Length; c++)
            {
                if (!double.TryParse(f[c + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out values[c]) || values[c] < 0 || values[c] > 300)
                {
                    throw new ScenarioParameterException("rain-csv", $"Rainfall CSV line {i + 1}: '{f[c + 1]}' is no intensity between 0 and 300 mm/h.");
                }
            }
            rows.Add((minute, values));
        }
        var byDistrict = districts.Order(StringComparer.Ordinal).ToDictionary(d => d, _ => new double[minutes], StringComparer.Ordinal);
        for (var r = 0; r < rows.Count; r++)
        {
            var from = rows[r].Minute;
            var to = r + 1 < rows.Count ? rows[r + 1].Minute : minutes;
            for (var m = from; m < Math.Min(to, minutes); m++)
            {
                for (var c = 0; c < columns.Length; c++)
                {
                    if (allDistricts)
                    {
                        foreach (var series in byDistrict.Values)
                        {
                            series[m] = rows[r].Values[c] * scale;
                        }
                    }
                    else
                    {
                        byDistrict[columns[c]][m] = rows[r].Values[c] * scale;
                    }
                }
            }
        }
        return new Rainfall(byDistrict, "csv");
    }

    private static double Gauss(double x, double mu, double sigma) => Math.Exp(-0.5 * Math.Pow((x - mu) / sigma, 2));

    /// <summary>Adds a triangular shower holding <paramref name="totalMm"/> centred at <paramref name="at"/>.</summary>
    private static void AddTriangle(double[] profile, double at, double width, double totalMm)
    {
        var peak = totalMm * 60 / (width / 2); // mm/h at the top: area of the triangle (in hours) equals the total
        var half = width / 2;
        for (var m = (int)Math.Max(0, at - half); m < Math.Min(profile.Length, at + half); m++)
        {
            profile[m] += peak * (1 - Math.Abs(m - at) / half);
        }
    }
}
