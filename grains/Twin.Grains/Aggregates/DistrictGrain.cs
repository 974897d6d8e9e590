using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Twin.Catalog;
using Twin.Grains.Abstractions;
using Twin.Grains.Push;

namespace Twin.Grains.Aggregates;

/// <summary>
/// One district: counts by kind and status, worst status, pump availability, bridges, rivers, weather and
/// children out and about; pushes its changed summary to the city, coalesced.
/// </summary>
/// <remarks>
/// Live aggregate state is rebuilt from what devices tell it, so it is not persisted: a device re-sends its
/// digest on its next change. Children appear only as counts; a cell with fewer than five is never shown.
/// </remarks>
public sealed class DistrictGrain(TwinCatalog catalog, [FromKeyedServices(TwinClock.Key)] TimeProvider clock) : Grain, IDistrictGrain
{
    /// <summary>Cells with fewer children than this are left out (they still count in the district total).</summary>
    public const int MinChildrenPerCell = 5;

    private readonly Dictionary<string, DeviceDigest> _devices = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SegmentSummary> _segments = new(StringComparer.Ordinal);
    private readonly Tally _tally = new();
    private District _district = null!;
    private Weather? _weather;
    private Coalescer _push = null!;
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
        foreach (var device in catalog.DevicesIn(id))
        {
            _tally.AddUnknown(device.Kind);
            if (device.Kind == DeviceKind.ChildTracker && device.Consent)
            {
                _tally.ChildrenRegistered++;
            }
        }
        foreach (var segment in catalog.Segments.Where(s => s.District == id))
        {
            _segments[segment.Id] = await GrainFactory.GetGrain<IRiverSegmentGrain>(segment.Id).GetAsync();
        }
        _push = new Coalescer(this, Coalescer.DefaultInterval, PushToCityAsync);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => _push.FlushAsync();

    public Task UpdateDeviceAsync(DeviceDigest digest)
    {
        _devices.TryGetValue(digest.Id, out var previous);
        _devices[digest.Id] = digest;
        if (previous is null || previous.Status != digest.Status || previous.Silent != digest.Silent)
        {
            _changed[digest.Id] = new DeviceStatusEntry(digest.Id, digest.Status, digest.Silent);
        }
        _tally.Replace(previous, digest, digest.Kind);
        Changed();
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

    public ValueTask<IReadOnlyList<CellCount>> GetChildCellsAsync() => ValueTask.FromResult<IReadOnlyList<CellCount>>(ChildCells());

    private List<CellCount> ChildCells()
    {
        var cells = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var d in _devices.Values)
        {
            if (d.Kind == DeviceKind.ChildTracker && !d.Silent && d.Cell is { } cell)
            {
                cells[cell] = cells.GetValueOrDefault(cell) + 1;
            }
        }
        var result = cells
            .Where(c => c.Value >= MinChildrenPerCell)
            .OrderBy(c => c.Key, StringComparer.Ordinal)
            .Select(c =>
            {
                var centre = Mesh.CellCentre(c.Key);
                return new CellCount(c.Key, centre.Lat, centre.Lon, c.Value);
            })
            .ToList();
        return result;
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
            ChildCells = [.. ChildCells()],
        });
    }
}
