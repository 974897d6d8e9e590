using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Twin.Catalog;
using Twin.Grains.Abstractions;
using Twin.Grains.Abstractions.Alarms;

namespace Twin.Grains.Alarms;

/// <summary>
/// Groups a flood of alarms (see <see cref="AlarmBurst"/>), keyed <c>{district}/{type}</c>; keyed <c>gateway/{id}</c> it
/// watches the devices silent behind one gateway and, from <see cref="GatewayThreshold"/> of them, raises one
/// <c>gateway-down</c> alarm whose group the later ones join. Its state is persisted on every join, so a group's
/// notification is not lost with a silo.
/// </summary>
public sealed class AlarmBurstGrain(
    [PersistentState("alarm-burst", "twin")] IPersistentState<AlarmBurstState> state,
    IAlarmStore store,
    IOptions<AlarmOptions> options,
    TwinCatalog catalog,
    [FromKeyedServices(TwinClock.Key)] TimeProvider clock,
    ILogger<AlarmBurstGrain> logger) : Grain, IAlarmBurstGrain
{
    /// <summary>Devices silent together behind one gateway from which it is taken for down.</summary>
    public const int GatewayThreshold = 3;

    /// <summary>How often a pending group's notification is looked at.</summary>
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    private readonly AlarmRouter _router = new(options.Value, () => Guid.CreateVersion7().ToString());
    private AlarmBurst _burst = null!;
    private IGrainTimer? _timer;

    private string Key => this.GetPrimaryKeyString();

    private string? GatewayId => Key.StartsWith("gateway/", StringComparison.Ordinal) ? Key["gateway/".Length..] : null;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _burst = new AlarmBurst(state.State);
        Arm();
        return Task.CompletedTask;
    }

    public async Task<string?> JoinAsync(Alarm alarm)
    {
        var now = clock.GetUtcNow();
        string? group;
        if (GatewayId is { } gateway)
        {
            state.State.Silent[alarm.Id] = alarm.Source;
            group = await JoinGatewayAsync(gateway, alarm, now);
        }
        else
        {
            group = _burst.Join(alarm, now, Key);
        }
        await state.WriteStateAsync();
        Arm();
        return group;
    }

    public async Task LeaveAsync(string alarmId, DateTimeOffset at)
    {
        if (GatewayId is not { } gateway || !state.State.Silent.Remove(alarmId))
        {
            return;
        }
        if (state.State.Silent.Count == 0 && _burst.GroupId is { } group)
        {
            // Every device behind it is heard again: the gateway is back.
            await GatewaySource(gateway).ReportAsync(GatewayReport(gateway, [], at, group));
            await FlushAsync(at, force: true);
            state.State.GroupId = null;
            state.State.Members.Clear();
        }
        await state.WriteStateAsync();
    }

    private async Task<string?> JoinGatewayAsync(string gateway, Alarm alarm, DateTimeOffset now)
    {
        if (_burst.GroupId is { } open)
        {
            _burst.Add(alarm, now, Key);
            return open;
        }
        if (state.State.Silent.Count < GatewayThreshold)
        {
            return null;
        }
        // The gateway is taken for down: one gateway-down alarm lists every silent device so far (the first ones were
        // told alone at once); later ones join its group and are told in its next notification.
        string? group = null;
        foreach (var source in state.State.Silent.Values.Distinct(StringComparer.Ordinal))
        {
            group = _burst.Add(alarm with { Source = source }, now, Key);
        }
        state.State.Latest = alarm;
        _burst.Told();
        await GatewaySource(gateway).ReportAsync(GatewayReport(gateway, [.. state.State.Members], now, group));
        return group;
    }

    private AlarmReport GatewayReport(string gateway, ImmutableArray<string> members, DateTimeOffset now, string? group)
    {
        var (name, district) = catalog.TryGetGateway(gateway, out var g) ? (g.Name, g.District) : (gateway, "");
        AlarmCondition[] conditions = members.IsEmpty ? [] : [new AlarmCondition(AlarmTypes.GatewayDown, TwinStatus.Advisory, members.Length)];
        return new AlarmReport(gateway, "gateway", district, name, [.. conditions], now, gateway) { Members = members, Group = group };
    }

    private IAlarmSourceGrain GatewaySource(string gateway) => GrainFactory.GetGrain<IAlarmSourceGrain>(gateway);

    private void Arm()
    {
        if (_burst.Pending && _timer is null)
        {
            _timer = this.RegisterGrainTimer(OnTickAsync, new GrainTimerCreationOptions(Tick, Tick) { KeepAlive = true });
        }
    }

    private async Task OnTickAsync(CancellationToken ct)
    {
        await FlushAsync(clock.GetUtcNow(), force: false);
        if (!_burst.Pending)
        {
            _timer?.Dispose();
            _timer = null;
        }
    }

    /// <summary>Tells the group's pending members in one notification when it is due (or at once when forced).</summary>
    private async Task FlushAsync(DateTimeOffset now, bool force)
    {
        if (!_burst.Pending || !(force || _burst.Due(now)) || state.State.Latest is not { } latest || _burst.GroupId is not { } group)
        {
            return;
        }
        try
        {
            var members = _burst.Members.ToImmutableArray();
            await store.EnqueueAsync(_router.ForGroup(latest with { Group = group }, group, members, now));
            _burst.Told();
            await state.WriteStateAsync();
            AlarmLog.GroupTold(logger, group, members.Length);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            AlarmLog.GroupNoticeFailed(logger, group, e);
        }
    }
}
