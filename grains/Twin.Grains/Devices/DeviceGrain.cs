using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Twin.Catalog;
using Twin.Grains.Abstractions;
using Twin.Grains.Abstractions.Alarms;
using Twin.Grains.Alarms;
using Twin.Grains.Rules;

namespace Twin.Grains.Devices;

/// <summary>What every device grain shares: order and duplicate rules, health, telling its district, the silence timer.</summary>
/// <remarks>
/// The persisted state is a snapshot written when the status or health changes and otherwise at most once per
/// expected interval, not on every reading: writing on every reading cannot reach city scale (PITFALLS.md).
/// The reading history is the log: ingestion makes a reading durable there before the device sees it, and on
/// activation the grain replays what the history received after its snapshot, so nothing acknowledged is lost.
/// </remarks>
public abstract class DeviceGrain : Grain, IDeviceGrain, IDistrictMember
{
    /// <summary>A reading received this long before a snapshot may still have been in flight when it was taken.</summary>
    private static readonly TimeSpan ReplayOverlap = TimeSpan.FromMinutes(2);

    /// <summary>A snapshot is refreshed at least this often while readings arrive (so a replay covers at most this).</summary>
    public static readonly TimeSpan SnapshotInterval = TimeSpan.FromMinutes(10);

    /// <summary>Snapshots written, for the storage load on the dashboard.</summary>
    private static readonly System.Diagnostics.Metrics.Counter<long> Snapshots = CreateSnapshotCounter();

    /// <summary>With no snapshot at all, replay at most this far back.</summary>
    private static readonly TimeSpan ReplayWithoutSnapshot = TimeSpan.FromDays(7);

    private readonly IPersistentState<DeviceState> _state;
    private readonly IReadingHistory _history;
    private bool _dirty;
    private DateTimeOffset _activatedAt;
    /// <summary>Readings the activation replayed from the history: their first delivery is not a duplicate.</summary>
    private HashSet<(long Seq, DateTimeOffset Ts)>? _replayed;
    private readonly SequenceGuard _guard = new();
    private HashSet<ITwinViewerObserver>? _watchers;
    private DeviceDigest? _lastDigest;

    private readonly SilenceWatch _silence;
    private readonly bool _snapshotOnShutdown;

    private static System.Diagnostics.Metrics.Counter<long> CreateSnapshotCounter()
    {
        var counter = new System.Diagnostics.Metrics.Meter("Twin.Grains").CreateCounter<long>("device_snapshots_written", description: "Device state snapshots written to grain storage");
        counter.Add(0); // exported from the first activation on, at zero until a snapshot is written
        return counter;
    }

    protected DeviceGrain(IPersistentState<DeviceState> state, DeviceGrainServices services, ILogger logger)
    {
        _state = state;
        _history = services.History;
        _silence = services.Silence;
        _snapshotOnShutdown = services.Options.Value.SnapshotOnShutdown;
        Catalog = services.Catalog;
        Clock = services.Clock;
        Logger = logger;
    }

    protected TwinCatalog Catalog { get; }

    protected TimeProvider Clock { get; }

    protected ILogger Logger { get; }

    protected DeviceInfo Info { get; private set; } = null!;

    protected DeviceState State => _state.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var id = this.GetPrimaryKeyString();
        if (!Catalog.TryGetDevice(id, out var info))
        {
            throw new InvalidOperationException($"Device '{id}' is not in the catalog.");
        }
        Info = info;
        _activatedAt = Clock.GetUtcNow();
        _guard.Restore(State.Recent.Select(r => (r.Seq, r.Ts)), State.LastTs, State.LastSeq);
        State.Recent = [];
        await ReplayAsync(cancellationToken);
        if (State.LastSeen is not null && !State.Silent)
        {
            WatchSilence();
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Storage that dies with the silo (memory) keeps nothing written at shutdown: the host turns that off.
        if (_dirty && (reason.ReasonCode != DeactivationReasonCode.ShuttingDown || _snapshotOnShutdown))
        {
            try
            {
                await WriteSnapshotAsync();
            }
            catch (Exception e)
            {
                // Nothing is lost: every reading this snapshot would hold is in the history, replayed on the next
                // activation. Seen when a silo stops and its storage goes before its grains.
                Logger.LogWarning("Device {Device}: snapshot on deactivation ({Reason}) not written, the history replays it: {Error}",
                    Info.Id, reason.ReasonCode, e.Message);
            }
        }
        if (_lastDigest is { } last && reason.ReasonCode != DeactivationReasonCode.ShuttingDown)
        {
            // Last words, one-way, after the snapshot (so a district woken by them finds this activation gone): a
            // district whose silo died before it saved this digest, and that has not asked its live devices since,
            // has it again. An unchanged digest costs the district a comparison. Not at shutdown: nothing was lost.
            await District.UpdateDeviceAsync(last);
        }
    }

    /// <summary>Applies what the history received after the snapshot: readings acknowledged but not yet in the snapshot.</summary>
    private async Task ReplayAsync(CancellationToken ct)
    {
        if (!Admits)
        {
            return;
        }
        var now = Clock.GetUtcNow();
        var since = State.SnapshotAt is { } at ? at - ReplayOverlap : now - ReplayWithoutSnapshot;
        var records = await _history.ReadReceivedSinceAsync(Info.Id, since, ct);
        if (records.Count == 0)
        {
            return;
        }
        var applied = 0;
        foreach (var record in records)
        {
            if (record.Reading.Flag is not null)
            {
                // Kept for the record (a flood, say) but refused at ingestion: never part of the device's state.
                continue;
            }
            var outcome = _guard.Offer(record.Reading.Seq, record.Reading.Ts);
            if (outcome == ApplyOutcome.Duplicate)
            {
                continue;
            }
            State.LastSeen = State.LastSeen is { } seen && seen > record.ReceivedAt ? seen : record.ReceivedAt;
            if (outcome == ApplyOutcome.Applied)
            {
                if ((_replayed ??= []).Count < SequenceGuard.Window)
                {
                    _replayed.Add((record.Reading.Seq, record.Reading.Ts));
                }
                var previous = State.Reading;
                State.Reading = record.Reading;
                State.Battery = record.Reading.Get("battery_v") ?? record.Reading.Get("battery_pct") ?? State.Battery;
                State.Radio = record.Reading.Radio ?? State.Radio;
                State.UplinkTopic = record.Reading.Source ?? State.UplinkTopic;
                await OnReadingAsync(record.Reading, previous, now);
                applied++;
            }
        }
        State.LastSeq = _guard.LastSeq;
        State.LastTs = _guard.LastTs;
        if (applied > 0)
        {
            State.Silent = HealthRules.IsSilent(State.LastSeen, Info.Profile.ExpectedIntervalS, now);
            Apply(await EvaluateAsync(now));
            await ActAsync(now);
            // Told even when unchanged from the snapshot when more than one reading was replayed: a condition raised and
            // cleared again among them may have been told before the snapshot was written (the source grain takes a
            // repeat as nothing new). A device's first activation replays one reading and costs no extra call.
            await ReportAlarmsAsync(now, force: applied > 1);
            await PublishAsync(now);
            // Written with the next snapshot: the history still holds what was replayed.
            _dirty = true;
        }
    }

    public async ValueTask<ApplyOutcome> ApplyAsync(Reading reading)
    {
        if (!Admits)
        {
            // Ingestion refuses such a reading before it is stored; one that raced a withdrawal is dropped here, not applied.
            return ApplyOutcome.Duplicate;
        }
        var outcome = _guard.Offer(reading.Seq, reading.Ts);
        if (outcome == ApplyOutcome.Duplicate)
        {
            // A reading in the history before this grain activated (the one that activated it, and others still
            // in flight then) was applied by the replay: its first delivery here is not a duplicate.
            var replayed = _replayed?.Remove((reading.Seq, reading.Ts)) == true;
            if (_replayed is { Count: 0 })
            {
                _replayed = null;
            }
            return replayed ? ApplyOutcome.Applied : outcome;
        }

        var now = Clock.GetUtcNow();
        var wasSilent = State.Silent;
        State.LastSeen = now;
        State.Silent = false;
        if (reading.Radio is not null)
        {
            State.Radio = reading.Radio;
        }
        if (outcome == ApplyOutcome.Applied)
        {
            State.LastSeq = _guard.LastSeq;
            State.LastTs = _guard.LastTs;
            var previous = State.Reading;
            State.Reading = reading;
            State.Battery = reading.Get("battery_v") ?? reading.Get("battery_pct") ?? State.Battery;
            // Only the live reading says where the device is heard now: a late one may have come the old way.
            State.UplinkTopic = reading.Source ?? State.UplinkTopic;
            await OnReadingAsync(reading, previous, now);
        }

        var statusBefore = State.Status;
        var verdict = await EvaluateAsync(now);
        var changed = Apply(verdict) || wasSilent;
        changed |= await ActAsync(now);
        var told = await ReportAlarmsAsync(now);
        changed |= told;
        WatchSilence();
        await PublishAsync(now);
        if (outcome == ApplyOutcome.Applied || changed)
        {
            await NotifyWatchersAsync();
        }
        // A first reading (unknown → a status) needs no snapshot at once: the history has it and an activation
        // without a snapshot replays the history. Later status changes are written straight away, and a
        // snapshot is refreshed at least every SnapshotInterval so that replays stay short.
        var firstStatus = statusBefore == TwinStatus.Unknown && State.SnapshotAt is null;
        // What the alarm grain was told is written at once, first reading or not: it is not in the history.
        if (told || ((changed || statusBefore != State.Status) && !firstStatus)
            || now - (State.SnapshotAt ?? _activatedAt) >= SnapshotInterval)
        {
            await WriteSnapshotAsync();
        }
        else
        {
            // Written by the next tick or on deactivation; the history holds the reading meanwhile.
            _dirty = true;
        }
        return outcome;
    }

    public ValueTask<DeviceSnapshot> GetAsync()
    {
        var health = new DeviceHealth(
            State.LastSeen,
            Info.Profile.ExpectedIntervalS,
            State.Battery,
            State.Radio?.Rssi,
            State.Radio?.Snr,
            State.Radio?.Gateway ?? Info.Gateway,
            State.Silent);
        return ValueTask.FromResult(new DeviceSnapshot(Info, State.Status, health, PublicReading(State.Reading), State.Anomalies, State.Derived));
    }

    public async Task CheckAsync()
    {
        var now = Clock.GetUtcNow();
        var silent = HealthRules.IsSilent(State.LastSeen, Info.Profile.ExpectedIntervalS, now);
        var changed = silent != State.Silent;
        State.Silent = silent;
        if (State.Reading is not null)
        {
            changed |= Apply(await EvaluateAsync(now));
            changed |= await ActAsync(now);
        }
        changed |= await ReportAlarmsAsync(now);
        // Published even when nothing here changed: a digest can depend on time alone (a child staying put is
        // no longer out and about); the digest comparison keeps this from becoming traffic.
        await PublishAsync(now);
        if (changed)
        {
            await NotifyWatchersAsync();
        }
        if (changed || _dirty)
        {
            await WriteSnapshotAsync();
        }
        if (silent)
        {
            // A silent device needs no more checks; its next reading watches it again, and the grain may be
            // collected meanwhile since its silence is already in the snapshot.
            _silence.Forget(Info.Id);
        }
        else if (State.LastSeen is not null)
        {
            WatchSilence();
        }
    }

    public Task ReassertAsync()
    {
        // A device never heard is unknown to its district already.
        if (State.LastSeen is null)
        {
            return Task.CompletedTask;
        }
        _lastDigest = null;
        return PublishDigestAsync();
    }

    public async Task WatchAsync(ITwinViewerObserver observer)
    {
        // The state goes out only to an observer this activation did not have: a new watch, or one re-asserted
        // after the grain was collected or moved (its viewers may have missed changes). A renewal of a watch
        // already here sends nothing: the viewers have every change since.
        if ((_watchers ??= []).Add(observer))
        {
            await observer.OnPushAsync(new PushMessage(PushKind.Device, Info.Id) { Device = await GetAsync() });
        }
    }

    public Task UnwatchAsync(ITwinViewerObserver observer)
    {
        if (_watchers is not null && _watchers.Remove(observer) && _watchers.Count == 0)
        {
            _watchers = null;
        }
        return Task.CompletedTask;
    }

    /// <summary>Whether the device's readings may be taken now (a child tracker: only with the family's consent).</summary>
    protected virtual bool Admits => true;

    /// <summary>
    /// Forgets everything the device told: the live reading, health, radio, the stored snapshot; the district is told the
    /// device is unknown. For a family's withdrawal of consent (the history is deleted by whoever recorded it).
    /// </summary>
    protected async Task ForgetAsync()
    {
        await _state.ClearStateAsync();
        _state.State = new DeviceState();
        _guard.Restore([], null, null);
        _replayed = null;
        _dirty = false;
        _silence.Forget(Info.Id);
        await PublishAsync(Clock.GetUtcNow());
    }

    /// <summary>Kind-specific bookkeeping when a reading becomes the live one.</summary>
    protected virtual Task OnReadingAsync(Reading reading, Reading? previous, DateTimeOffset now) => Task.CompletedTask;

    /// <summary>Runs the kind's rules at <paramref name="now"/>.</summary>
    protected abstract ValueTask<Verdict> EvaluateAsync(DateTimeOffset now);

    /// <summary>Acts on the verdict (e.g. commands a lamp); true when that changed the state to persist.</summary>
    protected virtual Task<bool> ActAsync(DateTimeOffset now) => Task.FromResult(false);

    /// <summary>The alarm conditions present now (the contract's types and severities); a kind adds what only it knows.</summary>
    protected virtual ImmutableArray<AlarmCondition> AlarmConditions(DateTimeOffset now) =>
        AlarmRules.Conditions(Info.Kind, State.Anomalies, State.Silent);

    /// <summary>The kind's extras for its district digest.</summary>
    protected virtual DeviceDigest Digest(DeviceDigest digest) => digest;

    /// <summary>Tells segments and other grains about a change; the district is told by the base class.</summary>
    protected virtual Task OnPublishAsync(DateTimeOffset now) => Task.CompletedTask;

    /// <summary>The reading as it may leave the twin.</summary>
    protected virtual Reading? PublicReading(Reading? reading) => reading;

    private bool Apply(Verdict verdict)
    {
        var changed = verdict.Status != State.Status || !verdict.Anomalies.SequenceEqual(State.Anomalies);
        State.Status = verdict.Status;
        State.Anomalies = verdict.Anomalies;
        State.Derived = verdict.Derived;
        return changed;
    }

    private async Task PublishAsync(DateTimeOffset now)
    {
        await PublishDigestAsync();
        await OnPublishAsync(now);
    }

    /// <summary>Tells the district the device's digest when it differs from the last one told.</summary>
    private Task PublishDigestAsync()
    {
        var digest = Digest(new DeviceDigest(Info.Id, Info.Kind, State.Status, State.Silent));
        if (digest == _lastDigest)
        {
            return Task.CompletedTask;
        }
        _lastDigest = digest;
        return District.UpdateDeviceAsync(digest);
    }

    /// <summary>
    /// Tells the device's alarm source grain its present conditions when their types or severities changed since last told;
    /// true when told (the snapshot then remembers it). A failure is retried on the next reading or check.
    /// </summary>
    private async Task<bool> ReportAlarmsAsync(DateTimeOffset now, bool force = false)
    {
        var conditions = AlarmConditions(now);
        if (!force && conditions.Length == State.Alarms.Length
            && conditions.Zip(State.Alarms).All(p => p.First.Type == p.Second.Type && p.First.Severity == p.Second.Severity))
        {
            return false;
        }
        try
        {
            await GrainFactory.GetGrain<IAlarmSourceGrain>(Info.Id).ReportAsync(new AlarmReport(
                Info.Id, Info.Kind.ToWire(), Info.District, Info.Name, conditions, now, State.Radio?.Gateway ?? Info.Gateway));
            State.Alarms = conditions;
            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            DeviceLog.AlarmReportFailed(Logger, Info.Id, e);
            return false;
        }
    }

    private IDistrictGrain District => GrainFactory.GetGrain<IDistrictGrain>(Info.District);

    private async Task WriteSnapshotAsync()
    {
        // The guard's memory goes into the snapshot only when one is written: kept once, in the guard, meanwhile.
        State.Recent = [.. _guard.Recent().Select(r => new SeqTs(r.Seq, r.Ts))];
        State.SnapshotAt = Clock.GetUtcNow();
        await _state.WriteStateAsync();
        Snapshots.Add(1);
        _dirty = false;
    }

    private async Task NotifyWatchersAsync()
    {
        // Only while someone watches: most devices are never looked at one by one.
        if (_watchers is null)
        {
            return;
        }
        var message = new PushMessage(PushKind.Device, Info.Id) { Device = await GetAsync() };
        foreach (var watcher in _watchers)
        {
            // One-way: a slow or dead viewer silo never holds up a reading.
            _ = watcher.OnPushAsync(message);
        }
    }

    private void WatchSilence()
    {
        var after = TimeSpan.FromSeconds(Info.Profile.ExpectedIntervalS * HealthRules.SilenceFactor) + TimeSpan.FromSeconds(1);
        _silence.Watch(Info.Id, Info.Kind, (State.LastSeen ?? Clock.GetUtcNow()) + after);
    }
}
