using System.Collections.Immutable;

namespace Twin.Grains.Rules;

/// <summary>A girder-end joint's gap band and acceleration limit, by the wire contract's keys.</summary>
public sealed record JointThresholds(double GapMinMm, double GapMaxMm, double AccelMaxG)
{
    /// <summary>Reads the contract's keys; a missing bound never triggers.</summary>
    public static JointThresholds From(IReadOnlyDictionary<string, double> t) => new(
        t.GetValueOrDefault("gap_min_mm", double.NegativeInfinity),
        t.GetValueOrDefault("gap_max_mm", double.PositiveInfinity),
        t.GetValueOrDefault("accel_max_g", double.PositiveInfinity));
}
