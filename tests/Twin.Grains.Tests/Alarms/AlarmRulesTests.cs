using Twin.Grains.Abstractions;
using Twin.Grains.Abstractions.Alarms;
using Twin.Grains.Alarms;

namespace Twin.Grains.Tests.Alarms;

/// <summary>The contract's alarm types and severities from a verdict (<see cref="AlarmRules"/>).</summary>
public sealed class AlarmRulesTests
{
    [Theory]
    [InlineData("pump_fault", AlarmTypes.PumpFault, TwinStatus.Alarm)]
    [InlineData("inverter_fault", AlarmTypes.PumpInverterFault, TwinStatus.Alarm)]
    [InlineData("sensor_fault", AlarmTypes.PumpSensorFault, TwinStatus.Alarm)]
    [InlineData("pressure_sensor_fault", AlarmTypes.PumpPressureSensorFault, TwinStatus.Alarm)]
    [InlineData("low_water", AlarmTypes.PumpLowWater, TwinStatus.Warning)]
    [InlineData("stopped-during-snowfall", AlarmTypes.PumpStoppedInSnow, TwinStatus.Warning)]
    public void EachPumpLampAndTheSnowRule(string anomaly, string type, TwinStatus severity) =>
        Assert.Equal([new AlarmCondition(type, severity)], AlarmRules.Conditions(DeviceKind.SnowPump, [anomaly], silent: false));

    [Fact]
    public void PressureAndWarmDryAnomaliesRaiseNoAlarm() =>
        Assert.Empty(AlarmRules.Conditions(DeviceKind.SnowPump, ["pressure-low", "running-warm-dry"], silent: false));

    [Fact]
    public void ARiverFollowsItsWarningLevelWithRiseAndStuckApart()
    {
        Assert.Empty(AlarmRules.Conditions(DeviceKind.RiverGauge, [], false, TwinStatus.Normal, 1.2));
        Assert.Equal(
            [new AlarmCondition(AlarmTypes.RiverLevel, TwinStatus.Critical, 5.1), new AlarmCondition(AlarmTypes.RiverRapidRise, TwinStatus.Warning)],
            AlarmRules.Conditions(DeviceKind.RiverGauge, ["rapid-rise"], false, TwinStatus.Critical, 5.1));
        Assert.Equal([new AlarmCondition(AlarmTypes.GaugeStuck, TwinStatus.Advisory)],
            AlarmRules.Conditions(DeviceKind.RiverGauge, ["sensor-stuck"], false, TwinStatus.Normal, 1.2));
    }

    [Fact]
    public void BridgeLimitsAreAlarmsAndNearALimitIsNot() =>
        Assert.Equal(
            [new AlarmCondition(AlarmTypes.BridgeGapLimit, TwinStatus.Alarm), new AlarmCondition(AlarmTypes.BridgeAccelLimit, TwinStatus.Alarm)],
            AlarmRules.Conditions(DeviceKind.BridgeJoint, ["bridge-gap-limit", "bridge-gap-near-limit", "bridge-accel-limit"], false));

    [Fact]
    public void SilenceIsAnAdvisoryAWarningForAPumpWhileItSnowsAndNothingForAChild()
    {
        Assert.Equal([new AlarmCondition(AlarmTypes.DeviceSilent, TwinStatus.Advisory)], AlarmRules.Conditions(DeviceKind.EnvSensor, [], silent: true));
        Assert.Equal([new AlarmCondition(AlarmTypes.DeviceSilent, TwinStatus.Advisory)], AlarmRules.Conditions(DeviceKind.SnowPump, [], true, snowing: false));
        Assert.Equal([new AlarmCondition(AlarmTypes.DeviceSilent, TwinStatus.Warning)], AlarmRules.Conditions(DeviceKind.SnowPump, [], true, snowing: true));
        Assert.Empty(AlarmRules.Conditions(DeviceKind.ChildTracker, ["battery-low"], silent: true));
    }
}
