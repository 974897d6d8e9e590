using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Storage;
using Twin.Catalog;
using Twin.Grains.Abstractions;
using Twin.Grains.Push;

namespace Twin.Grains.Aggregates;

/// <summary>
/// One district: counts by kind and status, worst status, pump availability, bridges, rivers, weather and
/// children out and about; pushes its changed summary to the city, coalesced.
/// </summary>
/// <remarks>
/// Devices tell the district only what changes, so a new activation (the old one collected, or lost with its silo)
/// rebuilds its per-device table in two steps: it restores the table it saved (coalesced, at most once per
/// <see cref="SaveInterval"/>, and on deactivation), which covers devices active nowhere without waking them; then it
/// asks the devices active in the cluster to say their digest again, which replaces whatever the saved table missed
/// (changes after its last save, when its silo died). A device also says its digest once more when it is collected.
/// Children appear only as counts; a cell with fewer than five is never shown, and no child's cell is saved. What children
/// tell (status, out and about, cell) and consent changes are counted on a fixed cadence (<see cref="ChildPrivacyOptions.Cadence"/>),
/// never on one child's move, and a child is never among the devices whose status changed: two updates cannot be differenced
/// to follow one child.
/// </remarks>
public sealed class DistrictGrain(
    [PersistentState("district", "twin")] IPersistentState<DistrictState> state,
    TwinCatalog catalog,
    [FromKeyedServices(TwinClock.Key)] TimeProvider clock,
    IConsentLookup consent,
    IOptions<ChildPrivacyOptions> privacy,
    ILogger<DistrictGrain> logger) : Grain, IDistrictGrain
{
    /// <summary>Cells with fewer children than this are left out (they still count in the district total).</summary>
    public const int MinChildrenPerCell = ChildCadence.MinPerCell;

    /// <summary>The device table is saved at most this often while devices change (and on deactivation).</summary>
    public static readonly TimeSpan SaveInterval = TimeSpan.FromSeconds(30);

    /// <summary>How long asking the live devices may hold up an activation before it is left to a retry.</summary>
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);

    /// <summary>After asking the live devices failed (e.g. a dead silo not yet known dead), they are asked again this often until it succeeds.</summary>
    private static readonly TimeSpan AskAgainAfter = TimeSpan.FromSeconds(5);

    private readonly Dictionary<string, DeviceDigest> _devices = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SegmentSummary> _segments = new(StringComparer.Ordinal);
    private readonly Tally _tally = new();
    private ChildCadence _children = null!;
    private District _district = null!;
    private Weather? _weather;
    private Coalescer _push = null!;
    private Coalescer _save = null!;
    private IGrainTimer? _askAgain;
    private readonly Dictionary<string, DeviceStatusEntry> _changed = new(StringComparer.Ordinal);
    private DistrictSnapshot? _snapshot;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var id = this.GetPrimaryKeyString();
        if (!catalog.TryGetDistrict(id, out var district))
        {
            throw new InvalidOperationException($"District '{id}' is not in the catalog.");
        }
        _district = district;
        var granted = await consent.GrantedAsync(cancellationToken);
        _children = new ChildCadence(_tally);
        foreach (var device in catalog.DevicesIn(id))
        {
            _tally.AddUnknown(device.Kind);
        }
        _children.StartWith(catalog.DevicesIn(id).Where(d => d.Kind == DeviceKind.ChildTracker && granted.Contains(d.Id)).Select(d => d.Id));
        Restore(state.State);
        var segments = await Task.WhenAll(catalog.Segments.Where(s => s.District == id)
            .Select(s => GrainFactory.GetGrain<IRiverSegmentGrain>(s.Id).GetAsync().AsTask()));
        foreach (var segment in segments)
        {
            _segments[segment.Id] = segment;
        }
        _push = new Coalescer(this, Coalescer.DefaultInterval, PushToCityAsync);
        _save = new Coalescer(this, SaveInterval, SaveAsync);
        // A fixed cadence from activation, whether or not a child moved: when it ticks says nothing about any child.
        var cadence = privacy.Value.Cadence;
        this.RegisterGrainTimer(static (self, _) => self.TickChildrenAsync(), this,
            new GrainTimerCreationOptions { DueTime = cadence, Period = cadence });
        // The city and the viewers may hold more or less than the saved table: they get what this activation shows.
        Changed();
        await AskLiveDevicesAsync();
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        try
        {
            await _save.FlushAsync();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Seen when a silo stops and its storage goes before its grains.
            AggregateLog.NotSaved(logger, _district.Id, e);
        }
        await _push.FlushAsync();
    }

    public Task UpdateDeviceAsync(DeviceDigest digest)
    {
        _devices.TryGetValue(digest.Id, out var previous);
        if (digest == previous)
        {
            // Said again (asked by a new activation, or a device's last words): nothing changed.
            return Task.CompletedTask;
        }
        _devices[digest.Id] = digest;
        if (digest.Kind == DeviceKind.ChildTracker)
        {
            // Counted on the cadence, never listed as changed.
            _children.Tell(digest);
            _save.MarkDirty();
            return Task.CompletedTask;
        }
        if (previous is null || previous.Status != digest.Status || previous.Silent != digest.Silent)
        {
            _changed[digest.Id] = new DeviceStatusEntry(digest.Id, digest.Status, digest.Silent);
        }
        _tally.Replace(previous, digest, digest.Kind);
        Changed();
        _save.MarkDirty();
        return Task.CompletedTask;
    }

    public Task UpdateSegmentAsync(SegmentSummary segment)
    {
        _segments[segment.Id] = segment;
        Changed();
        return Task.CompletedTask;
    }

    public Task UpdateWeatherAsync(Weather weather)
    {
        if (_weather is null || weather.Ts >= _weather.Ts)
        {
            _weather = weather;
            Changed();
            _save.MarkDirty();
        }
        return Task.CompletedTask;
    }

    public ValueTask<Weather?> GetWeatherAsync() => ValueTask.FromResult(_weather);

    public ValueTask<DistrictSnapshot> GetAsync() => ValueTask.FromResult(Snapshot());

    public ValueTask<IReadOnlyList<DeviceStatusEntry>> GetDeviceStatusesAsync()
    {
        var devices = catalog.DevicesIn(_district.Id);
        var list = new DeviceStatusEntry[devices.Count];
        for (var i = 0; i < devices.Count; i++)
        {
            var id = devices[i].Id;
            list[i] = _devices.TryGetValue(id, out var d)
                ? new DeviceStatusEntry(id, d.Status, d.Silent)
                : new DeviceStatusEntry(id, TwinStatus.Unknown, false);
        }
        return ValueTask.FromResult<IReadOnlyList<DeviceStatusEntry>>(list);
    }

    public ValueTask<IReadOnlyList<CellCount>> GetChildCellsAsync() => ValueTask.FromResult(_children.Cells);

    public Task ChildConsentChangedAsync(string deviceId, bool granted)
    {
        if (catalog.TryGetDevice(deviceId, out var device) && device.District == _district.Id && device.Kind == DeviceKind.ChildTracker)
        {
            _children.ConsentChanged(deviceId, granted);
        }
        return Task.CompletedTask;
    }

    /// <summary>The children's cadence: publishes what they told since the last tick, if anything.</summary>
    private Task TickChildrenAsync()
    {
        if (_children.Tick())
        {
            Changed();
        }
        return Task.CompletedTask;
    }

    private void Changed()
    {
        _snapshot = null;
        _push.MarkDirty();
    }

    private DistrictSnapshot Snapshot() => _snapshot ??= new DistrictSnapshot(
        _district.Id,
        _district.NameJa,
        _district.NameEn,
        _district.Population,
        _tally.Worst(),
        _tally.Counts(),
        _tally.Pumps(),
        _tally.Bridges(),
        _tally.Children(),
        _weather,
        [.. _segments.Values.OrderBy(s => s.Id, StringComparer.Ordinal)],
        clock.GetUtcNow());

    private async Task PushToCityAsync()
    {
        var snapshot = Snapshot();
        var changed = _changed.Values.ToImmutableArray();
        _changed.Clear();
        await GrainFactory.GetGrain<ICityGrain>(GrainKeys.City).UpdateDistrictAsync(snapshot, changed);
        await GrainFactory.PublishAsync(new PushMessage(PushKind.District, snapshot.Id)
        {
            District = snapshot,
            Changed = changed,
            ChildCells = [.. _children.Cells],
        });
    }

    /// <summary>Takes back the saved table; a device the catalog no longer places here (or no longer knows) is left out.</summary>
    private void Restore(DistrictState saved)
    {
        _weather = saved.Weather;
        foreach (var digest in saved.Devices)
        {
            if (catalog.TryGetDevice(digest.Id, out var info) && info.District == _district.Id && info.Kind == digest.Kind
                && _devices.TryAdd(digest.Id, digest))
            {
                _tally.Replace(null, digest, digest.Kind);
                if (digest.Kind == DeviceKind.ChildTracker)
                {
                    _children.Restored(digest);
                }
            }
        }
        AggregateLog.Restored(logger, _district.Id, _devices.Count, saved.SavedAt);
    }

    private async Task SaveAsync()
    {
        // A child's cell is where the child is: it stays in memory, and comes back from the tracker on activation.
        state.State = new DistrictState
        {
            Devices = [.. _devices.Values.Select(d => d.Cell is null ? d : d with { Cell = null })],
            Weather = _weather,
            SavedAt = clock.GetUtcNow(),
        };
        try
        {
            await state.WriteStateAsync();
        }
        catch (InconsistentStateException)
        {
            // Two activations for a moment (a partition): the other one's table stands; this one goes, and the next
            // activation asks the live devices again.
            AggregateLog.SavedElsewhere(logger, _district.Id);
            DeactivateOnIdle();
        }
    }

    /// <summary>Asks the devices active in the cluster for their digests; on failure, again every <see cref="AskAgainAfter"/> until it works.</summary>
    private async Task AskLiveDevicesAsync()
    {
        try
        {
            var asked = await LiveDevices.AskToReassertAsync(GrainFactory, catalog, _district.Id).WaitAsync(AskTimeout);
            AggregateLog.AskedLiveDevices(logger, _district.Id, asked);
            _askAgain?.Dispose();
            _askAgain = null;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Meanwhile the saved table shows. Interleaved, so that a slow silo never holds up the district's calls.
            AggregateLog.AskingLiveDevicesFailed(logger, _district.Id, AskAgainAfter.TotalSeconds, e);
            _askAgain ??= this.RegisterGrainTimer(
                static (self, _) => self.AskLiveDevicesAsync(),
                this,
                new GrainTimerCreationOptions { DueTime = AskAgainAfter, Period = AskAgainAfter, Interleave = true });
        }
    }
}
