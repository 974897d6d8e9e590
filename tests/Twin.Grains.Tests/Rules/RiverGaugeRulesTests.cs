using System.Collections.Immutable;
using Twin.Grains.Abstractions;
using Twin.Grains.Rules;

namespace Twin.Grains.Tests.Rules;

public sealed class RiverGaugeRulesTests
{
    private static readonly GaugeThresholds Thresholds = new(StandbyM: 2.0, CautionM: 3.0, EvacuationM: 4.0, DangerM: 5.0, RiseMPer10Min: 0.3);
    private static readonly DateTimeOffset T0 = new(2026, 7, 1, 12, 0, 0, TimeSpan.FromHours(9));

    [Theory]
    [InlineData(1.99, TwinStatus.Normal)]
    [InlineData(2.0, TwinStatus.Advisory)]
    [InlineData(3.0, TwinStatus.Warning)]
    [InlineData(4.2, TwinStatus.Alarm)]
    [InlineData(5.0, TwinStatus.Critical)]
    public void EachWarningLevelMapsToItsStep(double level, TwinStatus expected) =>
        Assert.Equal(expected, RiverGaugeRules.LevelStatus(Thresholds, level));

    [Fact]
    public void ThresholdsAreReadByTheContractKeys()
    {
        var t = GaugeThresholds.From(new Dictionary<string, double>
        {
            ["standby_m"] = 1, ["caution_m"] = 2, ["evacuation_m"] = 3, ["danger_m"] = 4, ["rise_m_per_10min"] = 0.2,
        });
        Assert.Equal(new GaugeThresholds(1, 2, 3, 4, 0.2), t);
    }

    [Fact]
    public void RapidRiseRaisesANormalLevelToAdvisory()
    {
        var samples = ImmutableList<LevelSample>.Empty;
        samples = RiverGaugeRules.Add(samples, new LevelSample(T0, 1.0), T0);
        samples = RiverGaugeRules.Add(samples, new LevelSample(T0.AddMinutes(10), 1.4), T0.AddMinutes(10));

        var verdict = RiverGaugeRules.Evaluate(Thresholds, samples, T0.AddMinutes(10));

        Assert.Equal(TwinStatus.Advisory, verdict.Status);
        Assert.Contains("rapid-rise", verdict.Anomalies);
        Assert.Equal(0.4, verdict.Derived["rise_m_per_10min"], 6);
    }

    [Fact]
    public void RiseIsScaledToTenMinutesAndIgnoresSamplesTooCloseTogether()
    {
        var samples = ImmutableList.Create(new LevelSample(T0, 1.0), new LevelSample(T0.AddMinutes(20), 1.2));
        Assert.Equal(0.1, RiverGaugeRules.RisePer10Min(samples, T0.AddMinutes(20))!.Value, 6);

        var tooClose = ImmutableList.Create(new LevelSample(T0, 1.0), new LevelSample(T0.AddMinutes(2), 1.5));
        Assert.Null(RiverGaugeRules.RisePer10Min(tooClose, T0.AddMinutes(2)));
    }

    [Fact]
    public void RiseIsNotClaimedFromAStaleNewestSample()
    {
        var samples = ImmutableList.Create(new LevelSample(T0, 1.0), new LevelSample(T0.AddMinutes(10), 1.5));
        Assert.Null(RiverGaugeRules.RisePer10Min(samples, T0.AddHours(2)));
    }

    [Fact]
    public void SamplesOlderThanTheWindowAreDroppedAndLateOnesAreOrdered()
    {
        var samples = ImmutableList<LevelSample>.Empty;
        samples = RiverGaugeRules.Add(samples, new LevelSample(T0, 1.0), T0);
        samples = RiverGaugeRules.Add(samples, new LevelSample(T0.AddMinutes(20), 1.2), T0.AddMinutes(20));
        samples = RiverGaugeRules.Add(samples, new LevelSample(T0.AddMinutes(10), 1.1), T0.AddMinutes(20));
        Assert.Equal([1.0, 1.1, 1.2], samples.Select(s => s.LevelM));

        samples = RiverGaugeRules.Add(samples, new LevelSample(T0.AddHours(7), 1.3), T0.AddHours(7));
        Assert.Equal([1.3], samples.Select(s => s.LevelM));
    }

    [Fact]
    public void AGaugeStuckForSixHoursIsASensorProblemNotARiverProblem()
    {
        var samples = ImmutableList<LevelSample>.Empty;
        for (var i = 0; i <= 36; i++)
        {
            samples = RiverGaugeRules.Add(samples, new LevelSample(T0.AddMinutes(10 * i), 3.2), T0.AddMinutes(10 * i));
        }
        var verdict = RiverGaugeRules.Evaluate(Thresholds, samples, T0.AddHours(6));
        Assert.Contains("sensor-stuck", verdict.Anomalies);
        Assert.Equal(TwinStatus.Warning, verdict.Status);
    }

    [Fact]
    public void AMovingGaugeIsNotStuck()
    {
        var samples = ImmutableList<LevelSample>.Empty;
        for (var i = 0; i <= 36; i++)
        {
            samples = RiverGaugeRules.Add(samples, new LevelSample(T0.AddMinutes(10 * i), 1 + (i % 2) * 0.01), T0.AddMinutes(10 * i));
        }
        Assert.False(RiverGaugeRules.IsStuck(samples));
    }

    [Fact]
    public void NoSamplesMeansUnknown() =>
        Assert.Equal(TwinStatus.Unknown, RiverGaugeRules.Evaluate(Thresholds, [], T0).Status);
}
