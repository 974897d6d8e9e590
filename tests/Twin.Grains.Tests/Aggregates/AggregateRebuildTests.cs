using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Twin.Catalog;
using Twin.Grains.Abstractions;
using Twin.Grains.Aggregates;

namespace Twin.Grains.Tests.Aggregates;

/// <summary>
/// Aggregates are collected, moved or lost with their silo while their devices live on: a new activation must show
/// what the devices last told the old one, without any device sending a new reading.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class AggregateRebuildTests(ClusterFixture fixture)
{
    /// <summary>The name the district grain's state is stored under.</summary>
    private const string DistrictStateName = "district";

    private TwinCatalog Catalog => fixture.Catalog;

    /// <summary>The silo's grain storage, as the grains use it.</summary>
    private IGrainStorage Storage => fixture.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>("twin");

    [Fact]
    public async Task ADistrictItsRiverSegmentAndTheCityReactivatedShowTheirDevicesWithoutANewReading()
    {
        // A segment and pumps no other test uses: the segment's last gauge at caution level (warning), one pump with
        // its fault lamp lit (alarm), one short of water (warning).
        var segment = Catalog.Segments.Where(s => s.GaugeIds.Length >= 2).Skip(2).First();
        var gauge = Catalog.Devices.First(d => d.Id == segment.GaugeIds[^1]);
        var pumps = Catalog.DevicesIn(gauge.District).Where(d => d.Kind == DeviceKind.SnowPump).Skip(20).Take(2).ToList();
        var now = fixture.Clock.GetUtcNow();
        var level = gauge.Thresholds["caution_m"] + 0.01;
        await fixture.Grains.GetGrain<IRiverGaugeGrain>(gauge.Id).ApplyAsync(Readings.Of(now, 1, ("level_m", level)));
        await fixture.Grains.GetGrain<ISnowPumpGrain>(pumps[0].Id).ApplyAsync(Readings.Pump(now, 1, PumpStates.PumpFault));
        await fixture.Grains.GetGrain<ISnowPumpGrain>(pumps[1].Id).ApplyAsync(Readings.Pump(now, 1, PumpStates.LowWater));
        var expected = $"{gauge.Id}=warning {pumps[0].Id}=alarm {pumps[1].Id}=warning";

        var district = fixture.Grains.GetGrain<IDistrictGrain>(gauge.District);
        var river = fixture.Grains.GetGrain<IRiverSegmentGrain>(segment.Id);
        var city = fixture.Grains.GetGrain<ICityGrain>(GrainKeys.City);
        await Eventually.MatchAsync(() => StatusesAsync(district, gauge.Id, pumps[0].Id, pumps[1].Id), s => s == expected);
        var riverBefore = await Eventually.MatchAsync(() => river.GetAsync().AsTask(), s => s.Status == TwinStatus.Warning);
        var before = await Eventually.MatchAsync(() => district.GetAsync().AsTask(),
            d => d.Rivers.All(r => r.Id != segment.Id || r.Status == TwinStatus.Warning));
        var cityBefore = await Eventually.MatchAsync(() => city.GetAsync().AsTask(), c => Summary(c.Districts.Single(x => x.Id == before.Id)) == Summary(before));

        // Collected (as after an idle spell, or moved off a silo) in the order their pushes run, so that no flush
        // re-activates one already gone.
        await fixture.Cluster.DeactivateAsync(river);
        await fixture.Cluster.DeactivateAsync(district);
        await fixture.Cluster.DeactivateAsync(city);

        var riverAfter = await Eventually.MatchAsync(() => river.GetAsync().AsTask(), s => s.Status == TwinStatus.Warning);
        Assert.Equal(level, riverAfter.Gauges.Single(g => g.Id == gauge.Id).LevelM);
        Assert.Equal(riverBefore.HighestGauge, riverAfter.HighestGauge);
        Assert.Equal(riverBefore.HighestDangerRatio, riverAfter.HighestDangerRatio);
        Assert.Equal(expected, await Eventually.MatchAsync(() => StatusesAsync(district, gauge.Id, pumps[0].Id, pumps[1].Id), s => s == expected));
        var after = await Eventually.MatchAsync(() => district.GetAsync().AsTask(), d => Summary(d) == Summary(before));
        Assert.Equal(before.Weather, after.Weather);
        var cityAfter = await Eventually.MatchAsync(() => city.GetAsync().AsTask(), c => Summary(c) == Summary(cityBefore));
        Assert.Equal(cityBefore.Status, cityAfter.Status);
    }

    [Fact]
    public async Task ADistrictShowsDevicesCollectedBeforeItWithoutActivatingThem()
    {
        // Two joints of one bridge district past their gap limit (alarm); joints no other test uses.
        var joints = Catalog.Devices.Where(d => d.Kind == DeviceKind.BridgeJoint).Reverse()
            .GroupBy(d => d.District).First(g => g.Count() >= 2).Take(2).ToList();
        var now = fixture.Clock.GetUtcNow();
        var grains = joints.Select(j => fixture.Grains.GetGrain<IBridgeJointGrain>(j.Id)).ToList();
        for (var i = 0; i < joints.Count; i++)
        {
            await grains[i].ApplyAsync(Readings.Of(now, 1, ("gap_mm", joints[i].Thresholds["gap_max_mm"] + 5)));
        }
        var expected = $"{joints[0].Id}=alarm {joints[1].Id}=alarm";
        var district = fixture.Grains.GetGrain<IDistrictGrain>(joints[0].District);
        await Eventually.MatchAsync(() => StatusesAsync(district, joints[0].Id, joints[1].Id), s => s == expected);

        // The joints go quiet and are collected; later the district is collected too.
        foreach (var grain in grains)
        {
            await fixture.Cluster.DeactivateAsync(grain);
        }
        await fixture.Cluster.DeactivateAsync(district);

        Assert.Equal(expected, await Eventually.MatchAsync(() => StatusesAsync(district, joints[0].Id, joints[1].Id), s => s == expected));
        var snapshot = await district.GetAsync();
        Assert.Equal(TwinStatus.Alarm, snapshot.Status);
        Assert.True(snapshot.Bridges.Alarms >= 2);
        // The new district activation learnt them without waking them: a district has tens of thousands of devices.
        Assert.All(grains, g => Assert.False(fixture.Cluster.TryGetGrainContext(g.GetGrainId(), out _), $"{g.GetPrimaryKeyString()} was activated"));
    }

    [Fact]
    public async Task ADistrictWhoseSavedTableIsStaleTakesTheWordOfItsLiveDevices()
    {
        // As when the district's silo dies after the pumps changed but before the district saved its table: pumps no
        // other test uses report a fault lamp and low water, the district is collected, and its saved table is put
        // back to what it said before (the pumps running).
        const string districtId = "yatsuo";
        var pumps = Catalog.DevicesIn(districtId).Where(d => d.Kind == DeviceKind.SnowPump).Skip(5).Take(2).ToList();
        var now = fixture.Clock.GetUtcNow();
        await fixture.Grains.GetGrain<ISnowPumpGrain>(pumps[0].Id).ApplyAsync(Readings.Pump(now, 1, PumpStates.PumpFault));
        await fixture.Grains.GetGrain<ISnowPumpGrain>(pumps[1].Id).ApplyAsync(Readings.Pump(now, 1, PumpStates.LowWater));
        var expected = $"{pumps[0].Id}=alarm {pumps[1].Id}=warning";
        var district = fixture.Grains.GetGrain<IDistrictGrain>(districtId);
        await Eventually.MatchAsync(() => StatusesAsync(district, pumps[0].Id, pumps[1].Id), s => s == expected);
        await fixture.Cluster.DeactivateAsync(district);

        var saved = await SavedTableAsync(district);
        var table = Assert.IsType<DistrictState>(saved.State);
        Assert.Contains(table.Devices, d => d.Id == pumps[0].Id && d.Status == TwinStatus.Alarm);
        var running = pumps.Select(p => new DeviceDigest(p.Id, DeviceKind.SnowPump, TwinStatus.Normal, false) { Available = true, Running = true });
        table.Devices = [.. table.Devices.Where(d => pumps.All(p => p.Id != d.Id)), .. running];
        await Storage.WriteStateAsync(DistrictStateName, district.GetGrainId(), saved);

        // The new activation shows the stale table at first, then what the live pumps say when it asks them.
        Assert.Equal(expected, await Eventually.MatchAsync(() => StatusesAsync(district, pumps[0].Id, pumps[1].Id), s => s == expected));
        var snapshot = await Eventually.MatchAsync(() => district.GetAsync().AsTask(), d => d.Pumps.Faults >= 1 && d.Pumps.LowWater >= 1);
        Assert.Equal(TwinStatus.Alarm, snapshot.Status);
    }

    [Fact]
    public async Task ADistrictSavesNoChildsCellAndGetsTheCellsBackFromTheLiveTrackers()
    {
        // Five children of a school no other test uses, together in one cell 1 km north of school.
        var school = Catalog.Schools.Where(s => Catalog.DevicesIn(s.District).Count(d => d.School == s.Id && d.Consent) >= 5).Skip(6).First();
        var children = Catalog.DevicesIn(school.District).Where(d => d.School == school.Id && d.Consent).Take(5).ToList();
        var now = fixture.Clock.GetUtcNow();
        foreach (var child in children)
        {
            var grain = fixture.Grains.GetGrain<IChildTrackerGrain>(child.Id);
            await grain.ApplyAsync(Readings.Of(now.AddMinutes(-5), 1, ("lat", school.Position.Lat), ("lon", school.Position.Lon)));
            await grain.ApplyAsync(Readings.Of(now, 2, ("lat", school.Position.Lat + 0.009), ("lon", school.Position.Lon)));
        }
        var district = fixture.Grains.GetGrain<IDistrictGrain>(school.District);
        var cellsBefore = await Eventually.MatchAsync(() => district.GetChildCellsAsync().AsTask(),
            cells => cells.Any(c => c.Count >= 5 && Math.Abs(c.Lat - (school.Position.Lat + 0.009)) < 0.003));
        await fixture.Cluster.DeactivateAsync(district);

        var table = Assert.IsType<DistrictState>((await SavedTableAsync(district)).State);
        Assert.Contains(table.Devices, d => d.Id == children[0].Id);
        Assert.All(table.Devices, d => Assert.Null(d.Cell));

        var cellsAfter = await Eventually.MatchAsync(() => district.GetChildCellsAsync().AsTask(), cells => cells.SequenceEqual(cellsBefore));
        Assert.Equal(cellsBefore, cellsAfter);
    }

    /// <summary>The district's table as it saved it.</summary>
    private async Task<GrainState<DistrictState>> SavedTableAsync(IDistrictGrain district)
    {
        var saved = new GrainState<DistrictState>();
        await Storage.ReadStateAsync(DistrictStateName, district.GetGrainId(), saved);
        return saved;
    }

    /// <summary>The district's statuses of the given devices, as "id=status" in the order given.</summary>
    private static async Task<string> StatusesAsync(IDistrictGrain district, params string[] ids)
    {
        var all = (await district.GetDeviceStatusesAsync()).ToDictionary(e => e.Id);
        return string.Join(' ', ids.Select(id => $"{id}={all[id].Status.ToWire()}{(all[id].Silent ? " silent" : "")}"));
    }

    private static string Summary(DistrictSnapshot d) =>
        $"{d.Id} {d.Status.ToWire()} {Counts(d.Counts)} {d.Pumps} {d.Bridges} {d.Children} rivers {string.Join(",", d.Rivers.Select(r => $"{r.Id}={r.Status.ToWire()}"))}";

    private static string Summary(CitySnapshot c) =>
        $"{c.Status.ToWire()} {Counts(c.Counts)} {c.Pumps} {c.Bridges} {c.Children} | {string.Join(" | ", c.Districts.Select(Summary))}";

    private static string Counts(StatusCounts c) =>
        $"total {c.Total} silent {c.Silent} " + string.Join(",", c.ByKind.SelectMany(k => k.Value.Select(s => $"{k.Key}:{s.Key}={s.Value}")));
}
