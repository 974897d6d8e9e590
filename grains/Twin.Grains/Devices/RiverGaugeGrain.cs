using Microsoft.Extensions.Logging;
using System.Collections.Immutable;
using Twin.Grains.Abstractions;
using Twin.Grains.Abstractions.Alarms;
using Twin.Grains.Alarms;
using Twin.Grains.Rules;

namespace Twin.Grains.Devices;

/// <summary>A river gauge: warning levels, rate of rise, stuck sensor; tells its river segment of every level change.</summary>
public sealed class RiverGaugeGrain(
    [PersistentState("device", "twin")] IPersistentState<DeviceState> state,
    DeviceGrainServices services,
    ILogger<RiverGaugeGrain> logger) : DeviceGrain(state, services, logger), IRiverGaugeGrain
{
    private GaugeDigest? _lastGauge;

    protected override Task OnReadingAsync(Reading reading, Reading? previous, DateTimeOffset now)
    {
        if (reading.Get("level_m") is { } level)
        {
            State.Levels = RiverGaugeRules.Add(State.Levels, new LevelSample(reading.Ts, level), now);
        }
        return Task.CompletedTask;
    }

    protected override ValueTask<Verdict> EvaluateAsync(DateTimeOffset now) =>
        ValueTask.FromResult(RiverGaugeRules.Evaluate(GaugeThresholds.From(Info.Thresholds), State.Levels, now));

    protected override ImmutableArray<AlarmCondition> AlarmConditions(DateTimeOffset now)
    {
        var level = State.Reading?.Get("level_m");
        var levelStatus = level is { } l ? RiverGaugeRules.LevelStatus(GaugeThresholds.From(Info.Thresholds), l) : (TwinStatus?)null;
        return AlarmRules.Conditions(Info.Kind, State.Anomalies, State.Silent, levelStatus, level);
    }

    protected override async Task OnPublishAsync(DateTimeOffset now)
    {
        if (Info.Segment is null)
        {
            return;
        }
        var gauge = new GaugeDigest(
            Info.Id,
            State.Status,
            State.Silent,
            State.Reading?.Get("level_m"),
            State.Derived.TryGetValue("rise_m_per_10min", out var rise) ? rise : null,
            State.Reading?.Ts,
            State.Anomalies);
        if (_lastGauge is null || gauge.Status != _lastGauge.Status || gauge.Silent != _lastGauge.Silent
            || gauge.LevelM != _lastGauge.LevelM || gauge.RiseMPer10Min != _lastGauge.RiseMPer10Min
            || !gauge.Anomalies.SequenceEqual(_lastGauge.Anomalies))
        {
            _lastGauge = gauge;
            await GrainFactory.GetGrain<IRiverSegmentGrain>(Info.Segment).UpdateGaugeAsync(gauge);
        }
    }
}
