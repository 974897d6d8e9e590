using System.Collections.Immutable;
using Twin.Grains.Abstractions;
using Twin.Grains.Rules;

namespace Twin.Grains.Tests.Rules;

public sealed class BridgeJointRulesTests
{
    private static readonly JointThresholds Limits = new(GapMinMm: 5, GapMaxMm: 80, AccelMaxG: 0.5);

    [Fact]
    public void GapInsideTheBandIsNormalWithTheLampOff()
    {
        var v = BridgeJointRules.Evaluate(Limits, 40, 0.1);
        Assert.Equal(TwinStatus.Normal, v.Status);
        Assert.Equal(0, v.Derived["lamp"]);
    }

    [Theory]
    [InlineData(4.9)]
    [InlineData(80.1)]
    public void GapPastALimitIsAnAlarmAndLightsTheLamp(double gap)
    {
        var v = BridgeJointRules.Evaluate(Limits, gap, null);
        Assert.Equal(TwinStatus.Alarm, v.Status);
        Assert.Contains("bridge-gap-limit", v.Anomalies);
        Assert.Equal(1, v.Derived["lamp"]);
    }

    [Fact]
    public void AccelerationPastItsLimitIsAnAlarm() =>
        Assert.Contains("bridge-accel-limit", BridgeJointRules.Evaluate(Limits, 40, -0.7).Anomalies);

    [Fact]
    public void GapNearALimitIsAnAdvisory() =>
        Assert.Equal(TwinStatus.Advisory, BridgeJointRules.Evaluate(Limits, 75, null).Status);
}

public sealed class ChildAndEnvRulesTests
{
    private static readonly GeoPoint School = new(36.70, 137.21);

    [Fact]
    public void AChildAtSchoolIsNotOut()
    {
        Assert.False(ChildTrackerRules.IsOut(School, 36.7005, 137.2105));
        Assert.True(ChildTrackerRules.IsOut(School, 36.71, 137.21));
    }

    [Fact]
    public void AChildAwayFromSchoolIsOutAndAboutOnlyWhileMoving()
    {
        var now = new DateTimeOffset(2026, 6, 1, 7, 40, 0, TimeSpan.FromHours(9));
        Assert.True(ChildTrackerRules.IsOutAndAbout(School, 36.71, 137.21, now.AddMinutes(-2), now));
        Assert.False(ChildTrackerRules.IsOutAndAbout(School, 36.71, 137.21, now.AddMinutes(-16), now));
        Assert.False(ChildTrackerRules.IsOutAndAbout(School, 36.71, 137.21, null, now));
        Assert.False(ChildTrackerRules.IsOutAndAbout(School, 36.7001, 137.2101, now, now));
    }

    [Fact]
    public void ALowBatteryIsAnAdvisoryForTheFamily() =>
        Assert.Equal(TwinStatus.Advisory, ChildTrackerRules.Evaluate(10).Status);

    [Fact]
    public void AWeatherReadingGivesTheDistrictItsWeather()
    {
        var r = new Reading(DateTimeOffset.UnixEpoch, 1, ImmutableDictionary<string, double>.Empty
            .Add("air_temp_c", -2).Add("snowfall_cm_h", 1.5));
        var w = EnvSensorRules.WeatherOf("env-weather-toyama", r);
        Assert.Equal(new Weather(DateTimeOffset.UnixEpoch, -2, null, 1.5, "env-weather-toyama"), w);
    }

    [Fact]
    public void AReadingWithoutWeatherMetricsGivesNoWeather() =>
        Assert.Null(EnvSensorRules.WeatherOf("x", new Reading(DateTimeOffset.UnixEpoch, 1, ImmutableDictionary<string, double>.Empty.Add("salinity_psu", 33))));
}

public sealed class SequenceGuardTests
{
    private static readonly DateTimeOffset T0 = new(2026, 7, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ARepeatedSeqWithTheSameTsIsADuplicate()
    {
        var g = new SequenceGuard();
        Assert.Equal(ApplyOutcome.Applied, g.Offer(10, T0));
        Assert.Equal(ApplyOutcome.Duplicate, g.Offer(10, T0));
    }

    [Fact]
    public void AnOlderReadingGoesToHistoryOnly()
    {
        var g = new SequenceGuard();
        g.Offer(10, T0);
        Assert.Equal(ApplyOutcome.Late, g.Offer(9, T0.AddMinutes(-10)));
        Assert.Equal(10, g.LastSeq);
    }

    [Fact]
    public void ASeqFarBelowWithANewerTsIsARestartAndIsAccepted()
    {
        var g = new SequenceGuard();
        g.Offer(65_535, T0);
        Assert.Equal(ApplyOutcome.Applied, g.Offer(0, T0.AddMinutes(10)));
        Assert.Equal(0, g.LastSeq);
    }

    [Fact]
    public void AReusedSeqAfterARestartWithANewerTsIsNotADuplicate()
    {
        var g = new SequenceGuard();
        g.Offer(1, T0);
        g.Offer(2, T0.AddMinutes(10));
        Assert.Equal(ApplyOutcome.Applied, g.Offer(1, T0.AddMinutes(20)));
    }

    [Fact]
    public void TheGuardSurvivesASnapshot()
    {
        var g = new SequenceGuard();
        for (var i = 0; i < 40; i++)
        {
            g.Offer(i, T0.AddMinutes(i));
        }
        var restored = new SequenceGuard();
        restored.Restore(g.Recent(), g.LastTs, g.LastSeq);
        Assert.Equal(SequenceGuard.Window, restored.Recent().Count());
        Assert.Equal(ApplyOutcome.Duplicate, restored.Offer(39, T0.AddMinutes(39)));
        Assert.Equal(ApplyOutcome.Applied, restored.Offer(40, T0.AddMinutes(40)));
    }

    [Fact]
    public void SilenceStartsAfterTwoMissedIntervals()
    {
        Assert.False(HealthRules.IsSilent(T0, 600, T0.AddSeconds(1200)));
        Assert.True(HealthRules.IsSilent(T0, 600, T0.AddSeconds(1201)));
        Assert.False(HealthRules.IsSilent(null, 600, T0));
    }
}
