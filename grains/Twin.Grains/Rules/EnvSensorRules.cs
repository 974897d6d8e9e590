using System.Collections.Immutable;
using Twin.Grains.Abstractions;

namespace Twin.Grains.Rules;

/// <summary>Environment sensor rules: readings are informational; weather stations feed their district.</summary>
public static class EnvSensorRules
{
    /// <summary>The weather metrics a station reports.</summary>
    public static readonly ImmutableArray<string> WeatherMetrics = ["air_temp_c", "precipitation_mm_h", "snowfall_cm_h"];

    /// <summary>The weather a reading carries, or null when it has none of the weather metrics.</summary>
    public static Weather? WeatherOf(string deviceId, Reading reading)
    {
        var t = reading.Get("air_temp_c");
        var p = reading.Get("precipitation_mm_h");
        var s = reading.Get("snowfall_cm_h");
        return t is null && p is null && s is null ? null : new Weather(reading.Ts, t, p, s, deviceId);
    }

    /// <summary>An environment sensor with a reading is normal.</summary>
    public static Verdict Evaluate() => Verdict.Of(TwinStatus.Normal);
}
