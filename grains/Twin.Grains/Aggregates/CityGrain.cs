using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Twin.Catalog;
using Twin.Grains.Abstractions;
using Twin.Grains.Push;

namespace Twin.Grains.Aggregates;

/// <summary>The city: sums its seven districts and carries their summaries.</summary>
public sealed class CityGrain(TwinCatalog catalog, [FromKeyedServices(TwinClock.Key)] TimeProvider clock) : Grain, ICityGrain
{
    private readonly Dictionary<string, DistrictSnapshot> _districts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DeviceStatusEntry> _changed = new(StringComparer.Ordinal);
    private CitySnapshot? _snapshot;
    private Coalescer _push = null!;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var snapshots = await Task.WhenAll(catalog.Districts.Select(d => GrainFactory.GetGrain<IDistrictGrain>(d.Id).GetAsync().AsTask()));
        foreach (var s in snapshots)
        {
            Merge(s);
        }
        _push = new Coalescer(this, Coalescer.DefaultInterval, async () =>
        {
            var changed = _changed.Values.ToImmutableArray();
            _changed.Clear();
            await GrainFactory.PublishAsync(new PushMessage(PushKind.City, GrainKeys.City) { City = await GetAsync(), Changed = changed });
        });
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => _push.FlushAsync();

    public Task UpdateDistrictAsync(DistrictSnapshot district, IReadOnlyList<DeviceStatusEntry> changed)
    {
        Merge(district);
        foreach (var c in changed)
        {
            _changed[c.Id] = c;
        }
        _push.MarkDirty();
        return Task.CompletedTask;
    }

    public ValueTask<CitySnapshot> GetAsync() => ValueTask.FromResult(_snapshot ??= Build());

    private void Merge(DistrictSnapshot district)
    {
        if (!_districts.TryGetValue(district.Id, out var known) || district.UpdatedAt >= known.UpdatedAt)
        {
            _districts[district.Id] = district;
            _snapshot = null;
        }
    }

    private CitySnapshot Build()
    {
        var districts = catalog.Districts
            .Where(d => _districts.ContainsKey(d.Id))
            .Select(d => _districts[d.Id])
            .ToImmutableArray();
        var status = districts.Aggregate(TwinStatus.Unknown, (s, d) => WireNames.Worst(s, d.Status));
        var pumps = districts.Select(d => d.Pumps).Aggregate(new PumpSummary(0, 0, 0, 0, 0, 0, 0), (a, p) => new PumpSummary(
            a.Total + p.Total, a.Reporting + p.Reporting, a.Running + p.Running, a.Available + p.Available,
            a.Faults + p.Faults, a.LowWater + p.LowWater, a.Silent + p.Silent));
        var bridges = districts.Select(d => d.Bridges).Aggregate(new BridgeSummary(0, 0, TwinStatus.Unknown), (a, b) =>
            new BridgeSummary(a.Joints + b.Joints, a.Alarms + b.Alarms, WireNames.Worst(a.Worst, b.Worst)));
        var children = districts.Select(d => d.Children).Aggregate(new ChildrenSummary(0, 0, 0), (a, c) =>
            new ChildrenSummary(a.Registered + c.Registered, a.Reporting + c.Reporting, a.Out + c.Out));
        return new CitySnapshot(GrainKeys.City, "富山市", "Toyama City", districts.Sum(d => d.Population), status,
            Tally.Sum(districts.Select(d => d.Counts)), pumps, bridges, children, districts, clock.GetUtcNow());
    }
}
