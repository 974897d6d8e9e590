using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Twin.Grains.Abstractions;
using Twin.Grains.Abstractions.Alarms;
using Twin.Grains.Push;

namespace Twin.Grains.Alarms;

/// <summary>
/// The alarms of one source, keyed by its id. The alarm store is the truth: every transition is written there together
/// with its notifications (one transaction) before this grain's memory or any viewer sees it, so a silo that dies
/// loses no transition and no notification; a new activation reads the source's open alarms back.
/// </summary>
public sealed class AlarmSourceGrain(
    IAlarmStore store,
    IOptions<AlarmOptions> options,
    [FromKeyedServices(TwinClock.Key)] TimeProvider clock,
    ILogger<AlarmSourceGrain> logger) : Grain, IAlarmSourceGrain
{
    private readonly AlarmRouter _router = new(options.Value, NewId);
    /// <summary>The source's alarms that are not normal, by type (one open occurrence per type).</summary>
    private readonly Dictionary<string, Alarm> _open = new(StringComparer.Ordinal);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var alarm in await store.ReadOpenAsync(this.GetPrimaryKeyString(), cancellationToken))
        {
            _open[alarm.Type] = alarm;
        }
    }

    public async Task ReportAsync(AlarmReport report)
    {
        var now = report.At;
        foreach (var condition in report.Conditions)
        {
            if (_open.TryGetValue(condition.Type, out var open))
            {
                if (AlarmLifecycle.Present(open, condition, report.Name, now) is { } changed)
                {
                    await SaveAsync(changed, now);
                }
                continue;
            }
            var raised = AlarmLifecycle.Raise(NewId(), report, condition, now) with { Group = report.Group };
            var group = await GroupAsync(raised, report);
            raised = raised with { Group = group ?? raised.Group };
            await SaveAsync(raised, now, grouped: group is not null, members: report.Members);
        }
        foreach (var open in _open.Values.ToList())
        {
            if (report.Conditions.Any(c => c.Type == open.Type))
            {
                continue;
            }
            if (AlarmLifecycle.Cleared(open, now) is { } cleared)
            {
                await SaveAsync(cleared, now);
                if (cleared.Type == AlarmTypes.DeviceSilent && cleared.Gateway is { } gateway)
                {
                    await LeaveAsync(gateway, cleared, now);
                }
            }
        }
    }

    public async Task<AlarmCommandResult> CommandAsync(string alarmId, AlarmCommand command)
    {
        var alarm = _open.Values.FirstOrDefault(a => a.Id == alarmId) ?? await store.GetAsync(alarmId);
        if (alarm is null || alarm.Source != this.GetPrimaryKeyString())
        {
            return new AlarmCommandResult(null);
        }
        var now = clock.GetUtcNow();
        var (after, error) = AlarmLifecycle.Command(alarm, command, now);
        if (after is null)
        {
            return new AlarmCommandResult(alarm, error);
        }
        await SaveAsync(after, now);
        return new AlarmCommandResult(after);
    }

    public async Task WakeAsync(string alarmId, string what)
    {
        var alarm = _open.Values.FirstOrDefault(a => a.Id == alarmId);
        if (alarm is null)
        {
            return; // over meanwhile: nothing to escalate or unshelve
        }
        var now = clock.GetUtcNow();
        var after = what.StartsWith(AlarmRouter.RouteWake, StringComparison.Ordinal)
            ? AlarmLifecycle.Escalate(alarm, what[AlarmRouter.RouteWake.Length..], now)
            : what.StartsWith(AlarmRouter.ShelveWake, StringComparison.Ordinal) ? AlarmLifecycle.ShelvingEnds(alarm, now) : null;
        if (after is not null)
        {
            await SaveAsync(after, now);
        }
    }

    /// <summary>Writes the alarm and its notifications, then keeps it (or lets it go when normal) and tells viewers.</summary>
    private async Task SaveAsync(Alarm alarm, DateTimeOffset now, bool grouped = false, ImmutableArray<string> members = default)
    {
        var entries = _router.For(alarm, now, grouped);
        if (!members.IsDefaultOrEmpty)
        {
            entries = [.. entries.Select(e => e with { Notice = e.Notice with { Members = members, GroupId = alarm.Group } })];
        }
        await store.SaveAsync(alarm, entries);
        if (alarm.State == AlarmState.Normal)
        {
            _open.Remove(alarm.Type);
        }
        else
        {
            _open[alarm.Type] = alarm;
        }
        if (alarm.Last is { } t)
        {
            AlarmLog.Transition(logger, alarm.Id, alarm.Type, alarm.Source, t.From.ToString(), t.To.ToString(), t.Action.ToString(),
                t.By is null ? "" : " by " + t.By);
        }
        // One-way through the registry: viewers never hold up an alarm.
        _ = GrainFactory.PublishAsync(new PushMessage(PushKind.Alarm, alarm.Id) { Alarm = alarm });
    }

    /// <summary>Whether a new alarm joins a group (a burst of its type in its district, or its gateway's silent devices).</summary>
    private async Task<string?> GroupAsync(Alarm alarm, AlarmReport report)
    {
        if (alarm.Type == AlarmTypes.GatewayDown)
        {
            return null;
        }
        var key = alarm.Type == AlarmTypes.DeviceSilent && report.Gateway is { } gateway
            ? AlarmGrainKeys.Gateway(gateway)
            : AlarmGrainKeys.Burst(alarm.District, alarm.Type);
        try
        {
            return await GrainFactory.GetGrain<IAlarmBurstGrain>(key).JoinAsync(alarm);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Better told twice than not at all.
            AlarmLog.GroupingFailed(logger, alarm.Id, e);
            return null;
        }
    }

    private async Task LeaveAsync(string gateway, Alarm alarm, DateTimeOffset now)
    {
        try
        {
            await GrainFactory.GetGrain<IAlarmBurstGrain>(AlarmGrainKeys.Gateway(gateway)).LeaveAsync(alarm.Id, now);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            AlarmLog.GroupingFailed(logger, alarm.Id, e);
        }
    }

    private static string NewId() => Guid.CreateVersion7().ToString();
}
