namespace Twin.Grains.Abstractions;

/// <summary>The anomaly names the rules give, as they appear in a device's <c>anomalies</c> on the wire.</summary>
public static class AnomalyNames
{
    /// <summary>A river gauge's level rises faster than its <c>rise_m_per_10min</c> threshold.</summary>
    public const string RapidRise = "rapid-rise";

    /// <summary>A river gauge's level has not moved for longer than a real river stays still.</summary>
    public const string SensorStuck = "sensor-stuck";

    /// <summary>A pump runs below its <c>min_pressure_mpa</c>.</summary>
    public const string PressureLow = "pressure-low";

    /// <summary>A pump runs above its <c>max_pressure_mpa</c>.</summary>
    public const string PressureHigh = "pressure-high";

    /// <summary>A pump is stopped while its district has snowfall.</summary>
    public const string StoppedDuringSnowfall = "stopped-during-snowfall";

    /// <summary>A pump has run for hours in warm, dry weather.</summary>
    public const string RunningWarmDry = "running-warm-dry";

    /// <summary>A bridge joint's gap is past <c>gap_min_mm</c> or <c>gap_max_mm</c>.</summary>
    public const string BridgeGapLimit = "bridge-gap-limit";

    /// <summary>A bridge joint's gap is close to a limit.</summary>
    public const string BridgeGapNearLimit = "bridge-gap-near-limit";

    /// <summary>A bridge joint's acceleration is past <c>accel_max_g</c>.</summary>
    public const string BridgeAccelLimit = "bridge-accel-limit";

    /// <summary>A child tracker's battery is low.</summary>
    public const string BatteryLow = "battery-low";
}
