using System.Collections.Immutable;

namespace Twin.Grains.Abstractions.Alarms;

/// <summary>The alarm types of the contract, as they appear in <c>type</c> on the wire and in MQTT alarm topics.</summary>
public static class AlarmTypes
{
    /// <summary>A pump's pump-fault lamp.</summary>
    public const string PumpFault = "pump-fault";

    /// <summary>A pump's inverter-fault lamp.</summary>
    public const string PumpInverterFault = "pump-inverter-fault";

    /// <summary>A pump's sensor-fault lamp.</summary>
    public const string PumpSensorFault = "pump-sensor-fault";

    /// <summary>A pump's pressure-sensor-fault lamp.</summary>
    public const string PumpPressureSensorFault = "pump-pressure-sensor-fault";

    /// <summary>A pump's low-water lamp.</summary>
    public const string PumpLowWater = "pump-low-water";

    /// <summary>A pump stopped while its district has snowfall.</summary>
    public const string PumpStoppedInSnow = "pump-stopped-in-snow";

    /// <summary>A river gauge at or above standby; severity follows the highest warning level reached.</summary>
    public const string RiverLevel = "river-level";

    /// <summary>A river gauge's level rising faster than its threshold.</summary>
    public const string RiverRapidRise = "river-rapid-rise";

    /// <summary>A river gauge whose level has not moved for longer than a river stays still.</summary>
    public const string GaugeStuck = "gauge-stuck";

    /// <summary>A bridge joint's gap past a limit.</summary>
    public const string BridgeGapLimit = "bridge-gap-limit";

    /// <summary>A bridge joint's acceleration past its limit.</summary>
    public const string BridgeAccelLimit = "bridge-accel-limit";

    /// <summary>A device past its expected interval (child trackers excepted).</summary>
    public const string DeviceSilent = "device-silent";

    /// <summary>A gateway whose devices fell silent together: a group of their <see cref="DeviceSilent"/> alarms.</summary>
    public const string GatewayDown = "gateway-down";

    /// <summary>Every type, in the contract's order.</summary>
    public static readonly ImmutableArray<string> All =
    [
        PumpFault, PumpInverterFault, PumpSensorFault, PumpPressureSensorFault, PumpLowWater, PumpStoppedInSnow,
        RiverLevel, RiverRapidRise, GaugeStuck, BridgeGapLimit, BridgeAccelLimit, DeviceSilent, GatewayDown,
    ];
}
