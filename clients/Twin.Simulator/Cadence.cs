namespace Twin.Simulator;

/// <summary>How often devices report.</summary>
public enum Cadence
{
    /// <summary>Every sending device once per <see cref="SimulatorOptions.DemoPeriodS"/>, spread evenly, so a demo city visibly lives.</summary>
    Demo,

    /// <summary>Each device at its profile's expected interval.</summary>
    Real,

    /// <summary><see cref="SimulatorOptions.Rate"/> messages per second across the fleet, round-robin over devices (load tests).</summary>
    Fixed,
}
