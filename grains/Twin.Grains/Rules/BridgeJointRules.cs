using System.Collections.Immutable;
using Twin.Grains.Abstractions;

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

/// <summary>Bridge girder-end rules: a gap or acceleration past its limit is an alarm and lights the on-site lamp.</summary>
public static class BridgeJointRules
{
    /// <summary>Within this share of the band's width from a limit, the joint is on advisory.</summary>
    public const double NearLimitShare = 0.1;

    /// <summary>The joint's verdict; <c>lamp</c> in the derived figures is 1 when the warning lamp must be on.</summary>
    public static Verdict Evaluate(JointThresholds t, double gapMm, double? accelG)
    {
        var anomalies = ImmutableArray.CreateBuilder<string>();
        var status = TwinStatus.Normal;
        if (gapMm < t.GapMinMm || gapMm > t.GapMaxMm)
        {
            anomalies.Add("bridge-gap-limit");
            status = TwinStatus.Alarm;
        }
        else if (!double.IsInfinity(t.GapMinMm) && !double.IsInfinity(t.GapMaxMm))
        {
            var margin = (t.GapMaxMm - t.GapMinMm) * NearLimitShare;
            if (gapMm < t.GapMinMm + margin || gapMm > t.GapMaxMm - margin)
            {
                anomalies.Add("bridge-gap-near-limit");
                status = TwinStatus.Advisory;
            }
        }
        if (accelG is { } a && Math.Abs(a) > t.AccelMaxG)
        {
            anomalies.Add("bridge-accel-limit");
            status = TwinStatus.Alarm;
        }
        var derived = ImmutableDictionary<string, double>.Empty
            .Add("lamp", status >= TwinStatus.Alarm ? 1 : 0);
        return new Verdict(status, anomalies.ToImmutable(), derived);
    }
}
