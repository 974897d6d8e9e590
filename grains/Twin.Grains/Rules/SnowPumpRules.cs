using System.Collections.Immutable;
using Twin.Grains.Abstractions;

namespace Twin.Grains.Rules;

/// <summary>Snow-melting pump rules: the panel's seven lamps, pressure, and the weather-dependent anomalies.</summary>
public static class SnowPumpRules
{
    /// <summary>The seven lamp states of the city's pump panels.</summary>
    public static readonly ImmutableHashSet<string> States = [.. PumpStates.All];

    /// <summary>The fault lamps: any of them is an alarm.</summary>
    public static readonly ImmutableHashSet<string> FaultStates = [.. PumpStates.Faults];

    /// <summary>A pump stopped this long while it snows is an anomaly (its snow detector should have started it).</summary>
    public static readonly TimeSpan StoppedInSnowDelay = TimeSpan.FromMinutes(30);

    /// <summary>A pump running this long in warm, dry weather is wasting groundwater.</summary>
    public static readonly TimeSpan RunningWarmDryDelay = TimeSpan.FromHours(3);

    /// <summary>Weather older than this is not trusted for the rules.</summary>
    public static readonly TimeSpan WeatherMaxAge = TimeSpan.FromHours(2);

    /// <summary>Whether it is snowing by the weather station: snowfall, or precipitation at or below 1 °C.</summary>
    public static bool IsSnowing(Weather w) =>
        w.SnowfallCmH >= 0.5 || (w.PrecipitationMmH >= 0.5 && w.AirTempC <= 1.0);

    /// <summary>Whether it is warm and dry: 5 °C or more with no precipitation or snowfall.</summary>
    public static bool IsWarmDry(Weather w) =>
        w.AirTempC >= 5.0 && (w.PrecipitationMmH ?? 0) < 0.1 && (w.SnowfallCmH ?? 0) <= 0;

    /// <summary>The pump's verdict from its lamp state, pressure, how long it has been in that state, and the district's weather.</summary>
    public static Verdict Evaluate(PumpThresholds t, string state, double? pressureMpa, DateTimeOffset stateSince, Weather? weather, DateTimeOffset now)
    {
        var anomalies = ImmutableArray.CreateBuilder<string>();
        var derived = ImmutableDictionary.CreateBuilder<string, double>();
        var status = TwinStatus.Normal;
        if (FaultStates.Contains(state))
        {
            anomalies.Add(state);
            status = TwinStatus.Alarm;
        }
        else if (state == PumpStates.LowWater)
        {
            anomalies.Add(PumpStates.LowWater);
            status = TwinStatus.Warning;
        }
        else if (state == PumpStates.Running && pressureMpa is { } p)
        {
            if (p < t.MinPressureMpa)
            {
                anomalies.Add(AnomalyNames.PressureLow);
                status = TwinStatus.Advisory;
            }
            else if (p > t.MaxPressureMpa)
            {
                anomalies.Add(AnomalyNames.PressureHigh);
                status = TwinStatus.Advisory;
            }
        }

        var inState = now - stateSince;
        derived["state_minutes"] = Math.Max(0, Math.Round(inState.TotalMinutes, 1));
        if (weather is { } w && now - w.Ts <= WeatherMaxAge)
        {
            if (state == PumpStates.Stopped && IsSnowing(w) && inState >= StoppedInSnowDelay)
            {
                anomalies.Add(AnomalyNames.StoppedDuringSnowfall);
                status = WireNames.Worst(status, TwinStatus.Warning);
            }
            else if (state == PumpStates.Running && IsWarmDry(w) && inState >= RunningWarmDryDelay)
            {
                anomalies.Add(AnomalyNames.RunningWarmDry);
                status = WireNames.Worst(status, TwinStatus.Advisory);
            }
        }
        return new Verdict(status, anomalies.ToImmutable(), derived.ToImmutable());
    }

    /// <summary>Whether the pump can melt snow: no fault lamp and water in the well.</summary>
    public static bool IsAvailable(string? state) => state is not null && !FaultStates.Contains(state) && state != PumpStates.LowWater;
}
