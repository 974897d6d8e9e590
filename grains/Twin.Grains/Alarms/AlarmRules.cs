using System.Collections.Immutable;
using Twin.Grains.Abstractions;
using Twin.Grains.Abstractions.Alarms;

namespace Twin.Grains.Alarms;

/// <summary>
/// Which alarm conditions a device's verdict stands for, with the contract's severities. Plain C#: the device grains
/// and the planner's runs both ask it.
/// </summary>
public static class AlarmRules
{
    /// <summary>The anomaly (or pump lamp) behind each alarm type that follows one, with the type's severity.</summary>
    private static readonly ImmutableDictionary<string, (string Type, TwinStatus Severity)> ByAnomaly =
        new Dictionary<string, (string, TwinStatus)>(StringComparer.Ordinal)
        {
            [PumpStates.PumpFault] = (AlarmTypes.PumpFault, TwinStatus.Alarm),
            [PumpStates.InverterFault] = (AlarmTypes.PumpInverterFault, TwinStatus.Alarm),
            [PumpStates.SensorFault] = (AlarmTypes.PumpSensorFault, TwinStatus.Alarm),
            [PumpStates.PressureSensorFault] = (AlarmTypes.PumpPressureSensorFault, TwinStatus.Alarm),
            [PumpStates.LowWater] = (AlarmTypes.PumpLowWater, TwinStatus.Warning),
            [AnomalyNames.StoppedDuringSnowfall] = (AlarmTypes.PumpStoppedInSnow, TwinStatus.Warning),
            [AnomalyNames.RapidRise] = (AlarmTypes.RiverRapidRise, TwinStatus.Warning),
            [AnomalyNames.SensorStuck] = (AlarmTypes.GaugeStuck, TwinStatus.Advisory),
            [AnomalyNames.BridgeGapLimit] = (AlarmTypes.BridgeGapLimit, TwinStatus.Alarm),
            [AnomalyNames.BridgeAccelLimit] = (AlarmTypes.BridgeAccelLimit, TwinStatus.Alarm),
        }.ToImmutableDictionary(StringComparer.Ordinal);

    /// <summary>
    /// The conditions present on a device: one per anomaly that has an alarm type; for a gauge the level's own warning
    /// level (<paramref name="levelStatus"/>, advisory and up) as <c>river-level</c>; <c>device-silent</c> when it is silent
    /// (not for child trackers, which raise no per-device alarm), <c>warning</c> for a pump while it snows.
    /// </summary>
    public static ImmutableArray<AlarmCondition> Conditions(
        DeviceKind kind, IReadOnlyList<string> anomalies, bool silent, TwinStatus? levelStatus = null, double? level = null, bool snowing = false)
    {
        // The common case on the ingest path: nothing wrong, nothing allocated.
        if (kind == DeviceKind.ChildTracker || (anomalies.Count == 0 && !silent && levelStatus is not >= TwinStatus.Advisory))
        {
            return [];
        }
        var conditions = ImmutableArray.CreateBuilder<AlarmCondition>();
        if (levelStatus is { } s && s >= TwinStatus.Advisory)
        {
            conditions.Add(new AlarmCondition(AlarmTypes.RiverLevel, s, level));
        }
        foreach (var anomaly in anomalies)
        {
            if (ByAnomaly.TryGetValue(anomaly, out var a) && !conditions.Any(c => c.Type == a.Type))
            {
                conditions.Add(new AlarmCondition(a.Type, a.Severity));
            }
        }
        if (silent)
        {
            conditions.Add(new AlarmCondition(AlarmTypes.DeviceSilent,
                kind == DeviceKind.SnowPump && snowing ? TwinStatus.Warning : TwinStatus.Advisory));
        }
        return conditions.ToImmutable();
    }
}
