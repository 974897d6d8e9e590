using System.Collections.Immutable;

namespace Twin.Grains.Rules;

/// <summary>A snow pump's pressure band, by the wire contract's keys.</summary>
public sealed record PumpThresholds(double MinPressureMpa, double MaxPressureMpa)
{
    /// <summary>Reads the contract's keys; a missing bound never triggers.</summary>
    public static PumpThresholds From(IReadOnlyDictionary<string, double> t) => new(
        t.GetValueOrDefault("min_pressure_mpa", double.NegativeInfinity),
        t.GetValueOrDefault("max_pressure_mpa", double.PositiveInfinity));
}
