using Twin.Grains.Abstractions;
using Twin.Grains.Rules;

namespace Twin.Grains.Tests.Rules;

public sealed class SnowPumpRulesTests
{
    private static readonly PumpThresholds Band = new(0.1, 0.6);
    private static readonly DateTimeOffset Now = new(2026, 1, 20, 5, 0, 0, TimeSpan.FromHours(9));
    private static readonly Weather Snowing = new(Now.AddMinutes(-5), -1.5, 2.0, 3.0, "env-weather-toyama");
    private static readonly Weather WarmDry = new(Now.AddMinutes(-5), 8.0, 0.0, 0.0, "env-weather-toyama");

    [Theory]
    [InlineData("pump_fault")]
    [InlineData("inverter_fault")]
    [InlineData("sensor_fault")]
    [InlineData("pressure_sensor_fault")]
    public void EveryFaultLampIsAnAlarm(string lamp)
    {
        var v = SnowPumpRules.Evaluate(Band, lamp, null, Now, null, Now);
        Assert.Equal(TwinStatus.Alarm, v.Status);
        Assert.Contains(lamp, v.Anomalies);
        Assert.False(SnowPumpRules.IsAvailable(lamp));
    }

    [Fact]
    public void LowWaterIsAWarning() =>
        Assert.Equal(TwinStatus.Warning, SnowPumpRules.Evaluate(Band, "low_water", null, Now, null, Now).Status);

    [Fact]
    public void RunningWithinItsPressureBandIsNormal() =>
        Assert.Equal(TwinStatus.Normal, SnowPumpRules.Evaluate(Band, "running", 0.3, Now, null, Now).Status);

    [Fact]
    public void PressureOutsideTheBandIsAnAdvisory()
    {
        Assert.Contains("pressure-low", SnowPumpRules.Evaluate(Band, "running", 0.05, Now, null, Now).Anomalies);
        Assert.Contains("pressure-high", SnowPumpRules.Evaluate(Band, "running", 0.9, Now, null, Now).Anomalies);
    }

    [Fact]
    public void StoppedDuringSnowfallIsAnAnomalyOnlyAfterTheDelay()
    {
        var early = SnowPumpRules.Evaluate(Band, "stopped", null, Now.AddMinutes(-29), Snowing, Now);
        Assert.Equal(TwinStatus.Normal, early.Status);

        var late = SnowPumpRules.Evaluate(Band, "stopped", null, Now.AddMinutes(-30), Snowing, Now);
        Assert.Equal(TwinStatus.Warning, late.Status);
        Assert.Contains("stopped-during-snowfall", late.Anomalies);
    }

    [Fact]
    public void RunningForHoursInWarmDryWeatherIsAnAnomaly()
    {
        Assert.Empty(SnowPumpRules.Evaluate(Band, "running", 0.3, Now.AddHours(-2), WarmDry, Now).Anomalies);
        var v = SnowPumpRules.Evaluate(Band, "running", 0.3, Now.AddHours(-3), WarmDry, Now);
        Assert.Equal(TwinStatus.Advisory, v.Status);
        Assert.Contains("running-warm-dry", v.Anomalies);
    }

    [Fact]
    public void StaleWeatherIsNotTrusted()
    {
        var old = Snowing with { Ts = Now.AddHours(-3) };
        Assert.Equal(TwinStatus.Normal, SnowPumpRules.Evaluate(Band, "stopped", null, Now.AddHours(-5), old, Now).Status);
    }

    [Fact]
    public void RainAtFreezingCountsAsSnow() =>
        Assert.True(SnowPumpRules.IsSnowing(new Weather(Now, 0.5, 1.0, 0, null)));
}
