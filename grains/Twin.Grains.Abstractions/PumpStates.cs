using System.Collections.Immutable;

namespace Twin.Grains.Abstractions;

/// <summary>A snow-melting pump's <c>state</c> on the wire: the seven lamps of the city's pump panels.</summary>
public static class PumpStates
{
    /// <summary>The pump runs.</summary>
    public const string Running = "running";

    /// <summary>The pump is stopped (no lamp lit).</summary>
    public const string Stopped = "stopped";

    /// <summary>The well's water is too low to pump.</summary>
    public const string LowWater = "low_water";

    /// <summary>Pump fault lamp.</summary>
    public const string PumpFault = "pump_fault";

    /// <summary>Inverter fault lamp.</summary>
    public const string InverterFault = "inverter_fault";

    /// <summary>Snow sensor fault lamp.</summary>
    public const string SensorFault = "sensor_fault";

    /// <summary>Pressure sensor fault lamp.</summary>
    public const string PressureSensorFault = "pressure_sensor_fault";

    /// <summary>All seven, in the order of their index in binary payloads (never reorder).</summary>
    public static readonly ImmutableArray<string> All =
        [Running, Stopped, LowWater, PumpFault, InverterFault, SensorFault, PressureSensorFault];

    /// <summary>The fault lamps: any of them is an alarm.</summary>
    public static readonly ImmutableArray<string> Faults = [PumpFault, InverterFault, SensorFault, PressureSensorFault];
}
