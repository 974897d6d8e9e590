using System.Globalization;

namespace Twin.Simulation.Snowstorm;

/// <summary>One minute's weather in a district.</summary>
public readonly record struct WeatherMinute(double SnowfallCmH, double AirTempC, double PrecipitationMmH);

/// <summary>Snowfall and temperature per district, one value per minute of the run.</summary>
public sealed class SnowWeather
{
    /// <summary>The presets a planner picks from.</summary>
    public static readonly string[] Presets = ["storm", "normals"];

    /// <summary>The mountains get more snow and are colder than the plain (assumed).</summary>
    private static readonly Dictionary<string, (double Snow, double TempC)> Mountain = new(StringComparer.Ordinal)
    {
        ["toyama"] = (1.0, 0), ["fuchu"] = (1.0, 0), ["osawano"] = (1.2, -0.7), ["yatsuo"] = (1.2, -0.7),
        ["yamada"] = (1.4, -1.5), ["oyama"] = (1.4, -1.5), ["hosoiri"] = (1.5, -1.8),
    };

    private readonly Dictionary<string, WeatherMinute[]> _byDistrict;

    private SnowWeather(Dictionary<string, WeatherMinute[]> byDistrict, string source)
    {
        _byDistrict = byDistrict;
        Source = source;
    }

    public string Source { get; }

    public IEnumerable<string> Districts => _byDistrict.Keys.Order(StringComparer.Ordinal);

    public WeatherMinute At(string district, int minute) => _byDistrict[district][minute];

    /// <summary>
    /// storm: a 72-hour snowstorm of the winter monsoon (assumed shape: ~1 cm/h steady with two bursts of 3–7 cm/h whose
    /// times and strength the seed draws, −1 °C on the plain with a small daily swing, clearing after); normals: the start
    /// month's 1989–2020 normal precipitation in a few showers, falling as snow at or below 1 °C.
    /// </summary>
    public static SnowWeather FromPreset(string preset, IReadOnlyList<string> districts, int minutes, DateTimeOffset start, long seed)
    {
        var rng = new SeededRandom(seed, "snow:" + preset);
        var snow = new double[minutes];
        var precip = new double[minutes];
        var temp = new double[minutes];
        var jstHour = start.ToOffset(TimeSpan.FromHours(9)).Hour;
        switch (preset)
        {
            case "storm":
            {
                var b1 = rng.Between(8, 30) * 60;
                var b2 = rng.Between(36, 62) * 60;
                var h1 = rng.Between(3, 6);
                var h2 = rng.Between(3, 7);
                var baseTemp = rng.Between(-2.0, 0.0);
                for (var m = 0; m < minutes; m++)
                {
                    var inStorm = m < 72 * 60 ? 1.0 : Math.Exp(-(m - 72 * 60) / 180.0);
                    snow[m] = inStorm * (1.0 + h1 * Gauss(m, b1, 200) + h2 * Gauss(m, b2, 260));
                    precip[m] = snow[m]; // about 1 mm of water per cm of this wet coastal snow (assumed)
                    temp[m] = baseTemp + 1.5 * Math.Sin(2 * Math.PI * ((jstHour + m / 60.0) - 8) / 24) + (1 - inStorm) * 3;
                }
                break;
            }
            case "normals":
            {
                var month = MonthlyNormals.Of(start.ToOffset(TimeSpan.FromHours(9)).Month);
                var perDay = month.PrecipMm / DateTime.DaysInMonth(start.Year, start.Month);
                var total = perDay * minutes / 1440.0 * rng.Between(0.6, 1.4);
                var showers = Math.Max(2, minutes / 600);
                for (var s = 0; s < showers; s++)
                {
                    var at = rng.Between(0, minutes);
                    var half = rng.Between(60, 180);
                    var peak = total / showers * 60 / half;
                    for (var m = (int)Math.Max(0, at - half); m < Math.Min(minutes, at + half); m++)
                    {
                        precip[m] += peak * (1 - Math.Abs(m - at) / half);
                    }
                }
                for (var m = 0; m < minutes; m++)
                {
                    // Between the month's lowest mean and its mean, coldest before dawn.
                    temp[m] = month.MinTempC + (month.MeanTempC - month.MinTempC) * (1 + Math.Sin(2 * Math.PI * ((jstHour + m / 60.0) - 9) / 24));
                }
                break;
            }
            default:
                throw new ScenarioParameterException("weather", $"Option 'weather' must be one of {string.Join(", ", Presets)}; got '{preset}'.");
        }
        var byDistrict = new Dictionary<string, WeatherMinute[]>(StringComparer.Ordinal);
        foreach (var district in districts.Order(StringComparer.Ordinal))
        {
            var (snowFactor, tempOffset) = Mountain.GetValueOrDefault(district, (1.0, 0));
            snowFactor *= rng.Between(0.9, 1.1);
            var series = new WeatherMinute[minutes];
            for (var m = 0; m < minutes; m++)
            {
                var t = temp[m] + tempOffset;
                var s = preset == "normals" ? (t <= 1.0 ? precip[m] : 0) : snow[m];
                series[m] = new WeatherMinute(Math.Round(s * snowFactor, 2), Math.Round(t, 1), Math.Round(precip[m] * snowFactor, 2));
            }
            byDistrict[district] = series;
        }
        return new SnowWeather(byDistrict, preset);
    }

    /// <summary>
    /// Weather from a CSV <c>minute,snowfall_cm_h,air_temp_c[,precipitation_mm_h]</c> for every district; each row holds
    /// until the next. Not varied by the seed.
    /// </summary>
    public static SnowWeather FromCsv(string text, IReadOnlyList<string> districts, int minutes)
    {
        var lines = text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        if (lines.Count < 2 || !lines[0].StartsWith("minute,snowfall_cm_h,air_temp_c", StringComparison.Ordinal))
        {
            throw new ScenarioParameterException("weather-csv", "The weather CSV needs the header 'minute,snowfall_cm_h,air_temp_c[,precipitation_mm_h]' and rows.");
        }
        var rows = new List<(int Minute, WeatherMinute W)>();
        for (var i = 1; i < lines.Count; i++)
        {
            var f = lines[i].Split(',');
            double snow = 0, temp = 0, precip = 0;
            if (f.Length < 3
                || !int.TryParse(f[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var minute) || minute < 0
                || (rows.Count > 0 && minute <= rows[^1].Minute)
                || !double.TryParse(f[1], NumberStyles.Float, CultureInfo.InvariantCulture, out snow) || snow < 0 || snow > 50
                || !double.TryParse(f[2], NumberStyles.Float, CultureInfo.InvariantCulture, out temp) || temp < -40 || temp > 45
                || (f.Length > 3 && (!double.TryParse(f[3], NumberStyles.Float, CultureInfo.InvariantCulture, out precip) || precip < 0 || precip > 300)))
            {
                throw new ScenarioParameterException("weather-csv", $"Weather CSV line {i + 1}: '{lines[i]}' is not 'minute,snowfall_cm_h,air_temp_c[,precipitation_mm_h]' with minutes rising and values in range.");
            }
            rows.Add((minute, new WeatherMinute(snow, temp, f.Length > 3 ? precip : snow)));
        }
        var series = new WeatherMinute[minutes];
        for (var r = 0; r < rows.Count; r++)
        {
            var to = r + 1 < rows.Count ? rows[r + 1].Minute : minutes;
            for (var m = rows[r].Minute; m < Math.Min(to, minutes); m++)
            {
                series[m] = rows[r].W;
            }
        }
        return new SnowWeather(districts.ToDictionary(d => d, _ => series, StringComparer.Ordinal), "csv");
    }

    private static double Gauss(double x, double mu, double sigma) => Math.Exp(-0.5 * Math.Pow((x - mu) / sigma, 2));
}
