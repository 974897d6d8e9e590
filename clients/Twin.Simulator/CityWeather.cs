namespace Twin.Simulator;

/// <summary>
/// The city's weather as a pure function of (seed, district, instant): the season and daily cycle from
/// Toyama's climate normals, day-to-day anomalies, and precipitation episodes — city-wide fronts whose
/// frequency follows the month's normal precipitation (heavier in the mountain districts, one in ten a
/// downpour), plus summer afternoon showers per district. In winter a front brings a cold-air outbreak, so
/// precipitation falls as snow. No state: any instant can be asked in any order and gives the same answer.
/// </summary>
public sealed class CityWeather
{
    /// <summary>Japan Standard Time (no daylight saving).</summary>
    public static readonly TimeSpan Jst = TimeSpan.FromHours(9);

    private const double WindowH = 6;

    // Mean water of one episode (0.9 × light ≈ 6.8 mm + 0.1 × downpour ≈ 56 mm): turns monthly normals into episode odds.
    private const double MeanEpisodeMm = 11.7;
    private const double WindowsPerMonth = 30.4 * 24 / WindowH;

    private const ulong FrontTag = 0x46524F4E54; // "FRONT"
    private const ulong ShowerTag = 0x53484F574552; // "SHOWER"
    private const ulong AnomalyTag = 0x414E4F4D; // "ANOM"

    // Wetter and cooler towards the mountains: (precipitation factor, temperature offset °C) by district id.
    private static readonly Dictionary<string, (double Wet, double Cool)> Districts = new(StringComparer.Ordinal)
    {
        ["toyama"] = (1.0, 0.0),
        ["fuchu"] = (1.05, -0.2),
        ["osawano"] = (1.1, -0.5),
        ["yatsuo"] = (1.15, -0.8),
        ["oyama"] = (1.3, -1.2),
        ["yamada"] = (1.25, -1.6),
        ["hosoiri"] = (1.3, -1.8),
    };

    private readonly ulong _seed;
    private readonly ClimateNormals _normals;

    /// <summary>The weather of one seed, over the given normals (Toyama's by default).</summary>
    public CityWeather(ulong seed, ClimateNormals? normals = null)
    {
        _seed = Mix.Hash(seed, 0x57454154484552); // "WEATHER"
        _normals = normals ?? ClimateNormals.Toyama;
    }

    /// <summary>The climate normals this weather follows.</summary>
    public ClimateNormals Normals => _normals;

    /// <summary>What the district's weather station reports at <paramref name="at"/>.</summary>
    public WeatherSample At(string district, DateTimeOffset at)
    {
        var rain = PrecipitationMmH(district, at);
        var temp = AirTempC(district, at, rain);
        var jst = at.ToOffset(Jst);
        var dayOfYear = jst.DayOfYear + jst.TimeOfDay.TotalDays;
        var hour = jst.TimeOfDay.TotalHours;
        var humidity = 74 + 6 * Math.Cos(2 * Math.PI * (dayOfYear - 15) / 365.25)
            - 10 * Math.Cos(2 * Math.PI * (hour - 14.5) / 24) * (rain > 0.1 ? 0.3 : 1)
            + Math.Min(22, 5 * rain)
            + 3 * Mix.Gaussish(Mix.Hash(_seed, AnomalyTag + 1, (ulong)DayIndex(at)));
        return new WeatherSample(
            Math.Round(temp, 1),
            Math.Round(rain, 1),
            Math.Round(SnowfallOf(rain, temp), 1),
            Math.Round(Math.Clamp(humidity, 25, 100) * 2, MidpointRounding.AwayFromZero) / 2);
    }

    /// <summary>Whether pumps' snow detectors see snow: generous enough that whenever the station's report meets the twin's "snowing" rule, the pumps run.</summary>
    public bool SnowDetected(string district, DateTimeOffset at)
    {
        var rain = PrecipitationMmH(district, at);
        if (rain < 0.3)
        {
            return false;
        }
        var temp = AirTempC(district, at, rain);
        return SnowfallOf(rain, temp) >= 0.3 || temp <= 1.2;
    }

    /// <summary>Precipitation (water equivalent, mm/h), unrounded.</summary>
    public double PrecipitationMmH(string district, DateTimeOffset at)
    {
        var (wet, _) = Districts.GetValueOrDefault(district, (1.0, 0.0));
        var districtKey = Mix.Of(district);
        var hours = Hours(at);
        var window = (long)Math.Floor(hours / WindowH);
        var total = 0.0;
        // An episode lasts at most 5 h and starts inside its 6 h window, so only this window and the one before can reach now.
        for (var w = window - 1; w <= window; w++)
        {
            var front = Mix.Hash(_seed, FrontTag, (ulong)w);
            var month = MonthOfHours(w * WindowH);
            var odds = Math.Clamp(_normals.Of(month).PrecipMm / MeanEpisodeMm / WindowsPerMonth, 0.02, 0.5);
            if (Mix.Unit(front) < odds)
            {
                var start = w * WindowH + Mix.Unit(front, 1) * WindowH;
                var duration = 1 + 4 * Mix.Unit(front, 2);
                var downpour = Mix.Unit(front, 3) < 0.1;
                var peak = downpour ? 18 + 27 * Mix.Unit(front, 4) : 0.8 + 6 * Mix.Unit(front, 4);
                var local = 0.75 + 0.5 * Mix.Unit(front, districtKey);
                total += peak * wet * local * Bump(hours, start, duration);
            }
            if (month is >= 6 and <= 9)
            {
                // Summer afternoon showers: one district at a time, short and sharp.
                var shower = Mix.Hash(_seed, ShowerTag, districtKey, (ulong)w);
                if (Mix.Unit(shower) < 0.05)
                {
                    var start = w * WindowH + Mix.Unit(shower, 1) * WindowH;
                    var duration = 0.5 + Mix.Unit(shower, 2);
                    total += (2 + 13 * Mix.Unit(shower, 3)) * Bump(hours, start, duration);
                }
            }
        }
        return total;
    }

    /// <summary>Air temperature (°C), unrounded.</summary>
    public double AirTempC(string district, DateTimeOffset at) => AirTempC(district, at, PrecipitationMmH(district, at));

    /// <summary>The day's mean temperature by the normals and the day's anomaly (°C), for slow media such as soil and sea.</summary>
    public double DailyMeanTempC(string district, DateTimeOffset at) =>
        _normals.At(at.ToOffset(Jst)).MeanTempC + Anomaly(at) + Districts.GetValueOrDefault(district, (1.0, 0.0)).Item2;

    private double AirTempC(string district, DateTimeOffset at, double rain)
    {
        var jst = at.ToOffset(Jst);
        var normal = _normals.At(jst);
        var hour = jst.TimeOfDay.TotalHours;
        // Warmest mid-afternoon, coldest before dawn; clouds flatten the day.
        var amplitude = (normal.MaxTempC - normal.MinTempC) / 2 * (rain > 0.1 ? 0.5 : 1);
        var diurnal = amplitude * Math.Cos(2 * Math.PI * (hour - 14.5) / 24);
        // A winter front is the monsoon's cold-air outbreak (that is when Toyama gets its snow); a summer one just cools.
        var cooling = jst.Month is 12 or 1 or 2 or 3 ? 3.0 * Math.Min(1, rain / 2) : Math.Min(2.5, 0.3 * rain);
        var (_, cool) = Districts.GetValueOrDefault(district, (1.0, 0.0));
        return normal.MeanTempC + diurnal + Anomaly(at) - cooling + cool;
    }

    private static double SnowfallOf(double rain, double temp) =>
        rain * Math.Clamp((2.0 - temp) / 1.5, 0, 1) * 1.2; // ~1.2 cm of fresh snow per mm of water

    /// <summary>The day's warm or cold spell (σ ≈ 2 °C), eased from one day's value to the next.</summary>
    private double Anomaly(DateTimeOffset at)
    {
        var days = (Hours(at) + Jst.TotalHours) / 24;
        var day = Math.Floor(days);
        var t = days - day;
        var a = 2.0 * Mix.Gaussish(Mix.Hash(_seed, AnomalyTag, (ulong)(long)day));
        var b = 2.0 * Mix.Gaussish(Mix.Hash(_seed, AnomalyTag, (ulong)(long)(day + 1)));
        var ease = (1 - Math.Cos(Math.PI * t)) / 2;
        return a + (b - a) * ease;
    }

    private static long DayIndex(DateTimeOffset at) => (long)Math.Floor((Hours(at) + Jst.TotalHours) / 24);

    private static double Bump(double hours, double start, double duration)
    {
        var x = (hours - start) / duration;
        return x is > 0 and < 1 ? Math.Sin(Math.PI * x) : 0;
    }

    private static int MonthOfHours(double hours) =>
        DateTimeOffset.FromUnixTimeSeconds((long)(hours * 3600)).ToOffset(Jst).Month;

    /// <summary>Hours since the Unix epoch.</summary>
    internal static double Hours(DateTimeOffset at) => at.ToUnixTimeMilliseconds() / 3_600_000.0;
}
