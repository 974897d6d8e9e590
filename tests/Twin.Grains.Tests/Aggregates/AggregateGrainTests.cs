using Twin.Catalog;
using Twin.Grains.Abstractions;
using Twin.Grains.Aggregates;
using Twin.Grains.Rules;

namespace Twin.Grains.Tests.Aggregates;

[Collection(ClusterCollection.Name)]
public sealed class AggregateGrainTests(ClusterFixture fixture)
{
    private TwinCatalog Catalog => fixture.Catalog;

    [Fact]
    public async Task AGaugeAtEvacuationLevelTurnsItsSegmentAndDistrictToAlarm()
    {
        var segment = Catalog.Segments.First(s => s.GaugeIds.Length >= 2);
        var gauge = Catalog.Devices.First(d => d.Id == segment.GaugeIds[^1]);
        var level = gauge.Thresholds["evacuation_m"] + 0.01;
        await fixture.Grains.GetGrain<IRiverGaugeGrain>(gauge.Id).ApplyAsync(Readings.Of(fixture.Clock.GetUtcNow(), 1, ("level_m", level)));

        var s = await Eventually.MatchAsync(() => fixture.Grains.GetGrain<IRiverSegmentGrain>(segment.Id).GetAsync().AsTask(), x => x.Status >= TwinStatus.Alarm);
        Assert.Equal(gauge.Id, s.HighestGauge);
        Assert.Equal(level, s.Gauges.Single(g => g.Id == gauge.Id).LevelM);

        var district = await Eventually.MatchAsync(() => fixture.Grains.GetGrain<IDistrictGrain>(gauge.District).GetAsync().AsTask(),
            d => d.Status >= TwinStatus.Alarm);
        Assert.True(district.Counts.ByKind["river-gauge"].GetValueOrDefault("alarm") >= 1);
        await Eventually.MatchAsync(() => fixture.Grains.GetGrain<IDistrictGrain>(segment.District).GetAsync().AsTask(),
            d => d.Rivers.Any(r => r.Id == segment.Id && r.Status >= TwinStatus.Alarm));

        var city = await Eventually.MatchAsync(() => fixture.Grains.GetGrain<ICityGrain>(GrainKeys.City).GetAsync().AsTask(), c => c.Status >= TwinStatus.Alarm);
        Assert.Equal(7, city.Districts.Length);
    }

    [Fact]
    public async Task ARiseUpstreamIsShownTravellingDownstream()
    {
        var segment = Catalog.Segments.Where(s => s.GaugeIds.Length >= 2).Skip(1).First();
        var upstream = Catalog.Devices.First(d => d.Id == segment.GaugeIds[0]);
        var grain = fixture.Grains.GetGrain<IRiverGaugeGrain>(upstream.Id);
        var now = fixture.Clock.GetUtcNow();
        await grain.ApplyAsync(Readings.Of(now.AddMinutes(-10), 1, ("level_m", 0.2)));
        await grain.ApplyAsync(Readings.Of(now, 2, ("level_m", 0.2 + upstream.Thresholds["rise_m_per_10min"] + 0.1)));

        var s = await Eventually.MatchAsync(() => fixture.Grains.GetGrain<IRiverSegmentGrain>(segment.Id).GetAsync().AsTask(),
            x => x.Anomalies.Any(a => a.StartsWith($"rise-travelling:{upstream.Id}->", StringComparison.Ordinal)));
        Assert.Equal(upstream.Id, s.FastestGauge);
    }

    [Fact]
    public async Task DistrictCountsEveryDeviceAndPumpAvailability()
    {
        const string districtId = "fuchu";
        var devices = Catalog.DevicesIn(districtId);
        var pumps = devices.Where(d => d.Kind == DeviceKind.SnowPump).Take(3).ToList();
        var now = fixture.Clock.GetUtcNow();
        await fixture.Grains.GetGrain<ISnowPumpGrain>(pumps[0].Id).ApplyAsync(Readings.Pump(now, 1, "running", 0.3));
        await fixture.Grains.GetGrain<ISnowPumpGrain>(pumps[1].Id).ApplyAsync(Readings.Pump(now, 1, "inverter_fault"));
        await fixture.Grains.GetGrain<ISnowPumpGrain>(pumps[2].Id).ApplyAsync(Readings.Pump(now, 1, "low_water"));

        var d = await Eventually.MatchAsync(() => fixture.Grains.GetGrain<IDistrictGrain>(districtId).GetAsync().AsTask(), x => x.Pumps.Reporting >= 3);
        Assert.Equal(devices.Count, d.Counts.Total);
        Assert.Equal(devices.Count(x => x.Kind == DeviceKind.SnowPump), d.Pumps.Total);
        Assert.Equal(1, d.Pumps.Running);
        Assert.Equal(1, d.Pumps.Available);
        Assert.Equal(1, d.Pumps.Faults);
        Assert.Equal(1, d.Pumps.LowWater);
        Assert.Equal(TwinStatus.Alarm, d.Status);
    }

    [Fact]
    public async Task ChildrenAreCountedPerCellOnlyFromFiveUpAndStillCountInTheDistrict()
    {
        // A school other than the first, so no other test has moved these children.
        var school = Catalog.Schools.Where(s => Catalog.DevicesIn(s.District).Count(d => d.School == s.Id && d.Consent) >= 7).Skip(3).First();
        var children = Catalog.DevicesIn(school.District).Where(d => d.School == school.Id && d.Consent).Take(7).ToList();
        var now = fixture.Clock.GetUtcNow();
        // Each child leaves school (two readings, so the tracker sees them move): five end up together 1 km
        // north of school, two more in another cell 3 km east.
        for (var i = 0; i < 7; i++)
        {
            var (lat, lon) = i < 5 ? (school.Position.Lat + 0.009, school.Position.Lon) : (school.Position.Lat, school.Position.Lon + 0.035);
            var grain = fixture.Grains.GetGrain<IChildTrackerGrain>(children[i].Id);
            await grain.ApplyAsync(Readings.Of(now.AddMinutes(-5), 1, ("lat", school.Position.Lat), ("lon", school.Position.Lon)));
            await grain.ApplyAsync(Readings.Of(now, 2, ("lat", lat), ("lon", lon)));
        }
        var district = fixture.Grains.GetGrain<IDistrictGrain>(school.District);
        var d = await Eventually.MatchAsync(() => district.GetAsync().AsTask(), x => x.Children.Out >= 7);
        Assert.True(d.Children.Reporting >= 7);

        var cells = await district.GetChildCellsAsync();
        Assert.All(cells, c => Assert.True(c.Count >= 5));
        Assert.True(cells.Any(c => c.Count >= 5 && Math.Abs(c.Lat - (school.Position.Lat + 0.009)) < 0.003),
            string.Join("; ", cells.Select(c => $"{c.Cell} {c.Lat} {c.Lon} {c.Count}")) + $" school {school.Position}");
        Assert.DoesNotContain(cells, c => Math.Abs(c.Lon - (school.Position.Lon + 0.035)) < 0.002);

        // Staying put for a quarter of an hour is not out and about (the twin knows no homes): still reporting,
        // still away from school, no longer counted.
        var outBefore = d.Children.Out;
        fixture.Clock.Advance(ChildTrackerRules.StillAfter + TimeSpan.FromMinutes(1));
        var later = fixture.Clock.GetUtcNow();
        for (var i = 0; i < 7; i++)
        {
            var (lat, lon) = i < 5 ? (school.Position.Lat + 0.009, school.Position.Lon) : (school.Position.Lat, school.Position.Lon + 0.035);
            await fixture.Grains.GetGrain<IChildTrackerGrain>(children[i].Id).ApplyAsync(Readings.Of(later, 3, ("lat", lat), ("lon", lon)));
        }
        var stayed = await Eventually.MatchAsync(() => district.GetAsync().AsTask(), x => x.Children.Out <= outBefore - 7);
        Assert.True(stayed.Children.Reporting >= 7);
    }

    [Fact]
    public async Task CityCountsEveryDeviceOfTheCatalog()
    {
        var city = await fixture.Grains.GetGrain<ICityGrain>(GrainKeys.City).GetAsync();
        Assert.Equal(Catalog.Devices.Count, city.Counts.Total);
        Assert.Equal(Catalog.Districts.Sum(d => d.Population), city.Population);
        Assert.Equal(Catalog.Devices.Count(d => d.Kind == DeviceKind.SnowPump), city.Pumps.Total);
    }

    [Fact]
    public async Task ADistrictListsEveryDeviceWithoutActivatingThem()
    {
        var list = await fixture.Grains.GetGrain<IDistrictGrain>("hosoiri").GetDeviceStatusesAsync();
        Assert.Equal(Catalog.DevicesIn("hosoiri").Select(d => d.Id), list.Select(e => e.Id));
    }
}
