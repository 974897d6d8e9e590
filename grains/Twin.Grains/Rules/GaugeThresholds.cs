using System.Collections.Immutable;

namespace Twin.Grains.Rules;

/// <summary>A gauge's four warning levels (metres) and its rate-of-rise limit, by the wire contract's keys.</summary>
public sealed record GaugeThresholds(double StandbyM, double CautionM, double EvacuationM, double DangerM, double RiseMPer10Min)
{
    /// <summary>Reads the contract's keys; missing levels become +∞ so they never trigger.</summary>
    public static GaugeThresholds From(IReadOnlyDictionary<string, double> t) => new(
        t.GetValueOrDefault("standby_m", double.PositiveInfinity),
        t.GetValueOrDefault("caution_m", double.PositiveInfinity),
        t.GetValueOrDefault("evacuation_m", double.PositiveInfinity),
        t.GetValueOrDefault("danger_m", double.PositiveInfinity),
        t.GetValueOrDefault("rise_m_per_10min", double.PositiveInfinity));
}
