using System.Collections.Immutable;
using Twin.Grains.Abstractions;

namespace Twin.Grains.Rules;

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
            anomalies.Add(AnomalyNames.BridgeGapLimit);
            status = TwinStatus.Alarm;
        }
        else if (!double.IsInfinity(t.GapMinMm) && !double.IsInfinity(t.GapMaxMm))
        {
            var margin = (t.GapMaxMm - t.GapMinMm) * NearLimitShare;
            if (gapMm < t.GapMinMm + margin || gapMm > t.GapMaxMm - margin)
            {
                anomalies.Add(AnomalyNames.BridgeGapNearLimit);
                status = TwinStatus.Advisory;
            }
        }
        if (accelG is { } a && Math.Abs(a) > t.AccelMaxG)
        {
            anomalies.Add(AnomalyNames.BridgeAccelLimit);
            status = TwinStatus.Alarm;
        }
        var derived = ImmutableDictionary<string, double>.Empty
            .Add("lamp", status >= TwinStatus.Alarm ? 1 : 0);
        return new Verdict(status, anomalies.ToImmutable(), derived);
    }
}
