using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Twin.Grains.Abstractions;

namespace Twin.Catalog.Tests;

public sealed class TwinCatalogTests
{
    private static readonly TwinCatalog Catalog = TwinCatalog.Load();

    [Fact]
    public void SevenDistrictsCarryDesignIdsAndPopulations()
    {
        var expected = new[]
        {
            ("toyama", "富山", "Toyama"), ("osawano", "大沢野", "Osawano"), ("oyama", "大山", "Oyama"), ("yatsuo", "八尾", "Yatsuo"),
            ("fuchu", "婦中", "Fuchu"), ("yamada", "山田", "Yamada"), ("hosoiri", "細入", "Hosoiri"),
        };
        Assert.Equal(expected, Catalog.Districts.Select(d => (d.Id, d.NameJa, d.NameEn)));
        Assert.Equal(399_759, Catalog.Districts.Sum(d => d.Population));
        Assert.Equal(311_092, Catalog.Districts[0].Population);
        Assert.All(Catalog.Districts, d =>
        {
            Assert.Equal(2005, d.Projection.Keys.First());
            Assert.Equal(2065, d.Projection.Keys.Last());
            Assert.Equal(d.Id, Catalog.DistrictOf(d.Centre.Lat, d.Centre.Lon));
            Assert.True(Catalog.TryGetDistrict(d.Id, out var same));
            Assert.Same(d, same);
        });
        Assert.Equal(247_733, Catalog.Districts[0].Projection[2065]);
    }

    [Fact]
    public void EveryKindIsPresentWithAtLeastThreeHundredPumps()
    {
        var byKind = Catalog.Devices.GroupBy(d => d.Kind).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(WireNames.AllKinds, k => Assert.True(byKind.GetValueOrDefault(k) > 0, $"no {k}"));
        Assert.True(byKind[DeviceKind.SnowPump] >= 300);
        Assert.InRange(byKind[DeviceKind.RiverGauge], 20, 30);
        Assert.InRange(Catalog.Bridges.Count, 15, 25);
    }

    [Fact]
    public void EveryDeviceIsCompleteWithTheDesignThresholdKeys()
    {
        var keys = new Dictionary<DeviceKind, string[]>
        {
            [DeviceKind.RiverGauge] = ["caution_m", "danger_m", "evacuation_m", "rise_m_per_10min", "standby_m"],
            [DeviceKind.SnowPump] = ["max_pressure_mpa", "min_pressure_mpa"],
            [DeviceKind.BridgeJoint] = ["accel_max_g", "gap_max_mm", "gap_min_mm"],
            [DeviceKind.ChildTracker] = [],
            [DeviceKind.EnvSensor] = [],
        };
        var gateways = Catalog.Gateways.Select(g => g.Id).ToHashSet();
        Assert.All(Catalog.Devices, d =>
        {
            Assert.False(string.IsNullOrWhiteSpace(d.Name));
            Assert.True(Catalog.TryGetDistrict(d.District, out _), d.Id);
            Assert.Equal(keys[d.Kind], d.Thresholds.Keys.Order(StringComparer.Ordinal));
            // Env sensors name their role's profile (env-weather, env-buoy, …); the others are named after the kind.
            Assert.StartsWith(d.Kind == DeviceKind.EnvSensor ? "env-" : d.Kind.ToWire(), d.Profile.Name, StringComparison.Ordinal);
            Assert.Contains(d.Gateway!, gateways);
            Assert.True(d.Position.Generated);
            Assert.InRange(d.Position.Lat, 36.3, 36.9);
            Assert.InRange(d.Position.Lon, 137.0, 137.6);
        });
    }

    [Fact]
    public void EveryGaugeHasOrderedThresholdsAndAnExistingSegment()
    {
        var gauges = Catalog.Devices.Where(d => d.Kind == DeviceKind.RiverGauge).ToList();
        Assert.All(gauges, g =>
        {
            var t = g.Thresholds;
            Assert.True(t["standby_m"] < t["caution_m"] && t["caution_m"] < t["evacuation_m"] && t["evacuation_m"] < t["danger_m"], g.Id);
            Assert.True(t["rise_m_per_10min"] > 0);
            Assert.True(Catalog.TryGetSegment(g.Segment!, out var segment), g.Id);
            Assert.Contains(g.Id, segment.GaugeIds);
            Assert.Equal("twin-river-gauge", g.Profile.Codec);
            Assert.Equal(600, g.Profile.ExpectedIntervalS);
        });
        Assert.Equal(gauges.Count, Catalog.Segments.Sum(s => s.GaugeIds.Length));
        foreach (var river in new[] { "村川", "中川", "がめ川", "宮路川", "荏原排水路" })
        {
            Assert.Contains(Catalog.Segments, s => s.River == river && s.District == "toyama");
        }
        // The Jinzu runs 細入 → 大沢野 → … → 富山: its gauges are listed from upstream.
        Assert.Equal("hosoiri", gauges.Single(g => g.Id == "rg-jinzu-01").District);
        Assert.Equal("toyama", gauges.Single(g => g.Id == "rg-jinzu-10").District);
        Assert.Equal("oyama", gauges.Single(g => g.Id == "rg-joganji-01").District);
        Assert.True(gauges.Single(g => g.Id == "rg-jinzu-01").Thresholds["danger_m"]
            > gauges.Single(g => g.Id == "rg-ebara-01").Thresholds["danger_m"]);
    }

    [Fact]
    public void BridgesHaveTwoToFourJointsGroupedByBridge()
    {
        Assert.All(Catalog.Bridges, b =>
        {
            Assert.InRange(b.JointIds.Length, 2, 4);
            Assert.All(b.JointIds, id =>
            {
                Assert.True(Catalog.TryGetDevice(id, out var joint));
                Assert.Equal(b.Id, joint.Group);
                Assert.StartsWith($"bj-{b.Id}-", id, StringComparison.Ordinal);
            });
        });
    }

    [Fact]
    public void DevEuisAreUniqueSixteenUppercaseHexDigits()
    {
        Assert.All(Catalog.Devices, d => Assert.Matches("^[0-9A-F]{16}$", d.DevEui));
        Assert.Equal(Catalog.Devices.Count, Catalog.Devices.Select(d => d.DevEui).Distinct().Count());
        Assert.Equal(Catalog.Devices.Count, Catalog.Devices.Select(d => d.Id).Distinct().Count());
    }

    [Fact]
    public void LoadIsDeterministic()
    {
        var a = TwinCatalog.BuildUncached(2_000);
        var b = TwinCatalog.BuildUncached(2_000);
        Assert.Equal(Fingerprint(a), Fingerprint(b));
        Assert.Equal(Fingerprint(a), Fingerprint(TwinCatalog.Load(2_000)));
        Assert.Same(TwinCatalog.Load(), TwinCatalog.Load());
        Assert.Equal(a.DistrictsGeoJson, b.DistrictsGeoJson);
    }

    [Fact]
    public void DevEuiLookupIgnoresCase()
    {
        var pump = Catalog.Devices.First(d => d.Kind == DeviceKind.SnowPump);
        Assert.True(Catalog.TryGetByDevEui(pump.DevEui.ToLowerInvariant(), out var found));
        Assert.Same(pump, found);
        Assert.True(Catalog.TryGetByDevEui(pump.DevEui, out _));
        Assert.False(Catalog.TryGetByDevEui("FFFFFFFFFFFFFFFF", out _));
        Assert.True(Catalog.TryGetDevice("sp-0001", out var first));
        Assert.Equal("sp-0001", first.Id);
        Assert.False(Catalog.TryGetDevice("sp-9999", out _));
    }

    [Fact]
    public void ChildTrackersBelongToTheSixtySixElementarySchools()
    {
        Assert.Equal(66, Catalog.Schools.Count);
        var trackers = Catalog.Devices.Where(d => d.Kind == DeviceKind.ChildTracker).ToList();
        var consenting = trackers.Count(t => t.Consent);
        // The demo consents that seed the register: about 52 %, the share the city reports.
        Assert.Equal(2_000, trackers.Count);
        Assert.InRange(consenting / (double)trackers.Count, 0.50, 0.54);
        var schools = Catalog.Schools.ToDictionary(s => s.Id);
        Assert.All(trackers, t =>
        {
            var school = schools[t.School!];
            Assert.Equal(school.District, t.District);
            Assert.Equal(school.Position.Lat, t.Position.Lat);
            Assert.Empty(t.Thresholds);
            Assert.Equal(300, t.Profile.ExpectedIntervalS);
        });
        Assert.Equal(66, trackers.Where(t => t.Consent).Select(t => t.School).Distinct().Count());
    }

    [Fact]
    public void EnvironmentSensorsCoverWeatherFarmsBuoysAndTheStation()
    {
        Assert.All(Catalog.Districts, d =>
        {
            var station = Catalog.WeatherStationOf(d.Id);
            Assert.NotNull(station);
            Assert.Equal("weather", station.Group);
            Assert.Equal(d.Id, station.District);
            Assert.Equal("air_temp_c", station.Profile.Channels[1]);
            Assert.Equal("snowfall_cm_h", station.Profile.Channels[3]);
        });
        Assert.Null(Catalog.WeatherStationOf("nowhere"));
        var env = Catalog.Devices.Where(d => d.Kind == DeviceKind.EnvSensor).ToList();
        var buoys = env.Where(d => d.Group == "buoy").ToList();
        Assert.NotEmpty(buoys);
        Assert.All(buoys, b =>
        {
            Assert.Equal("toyama", b.District);
            Assert.Equal(900, b.Profile.ExpectedIntervalS);
            Assert.Equal("salinity_psu", b.Profile.Channels[2]);
        });
        Assert.Contains(env, d => d.Group == "people-counter");
        Assert.All(env.Where(d => d.Group is "paddy" or "soil"), d => Assert.Contains(d.District, new[] { "osawano", "oyama" }));
        Assert.All(env, d => Assert.Equal("cayenne-lpp", d.Profile.Codec));
    }

    [Theory]
    [InlineData(36.7013, 137.2133, "toyama")]   // Toyama Station
    [InlineData(36.585534, 137.132603, "yatsuo")] // 八尾 service centre
    [InlineData(36.662089, 137.164118, "fuchu")]
    [InlineData(36.61036, 137.304078, "oyama")]
    [InlineData(36.79, 137.30, "toyama")]       // Toyama Bay off 水橋: nearest polygon
    public void DistrictOfFindsKnownPoints(double lat, double lon, string district)
    {
        Assert.Equal(district, Catalog.DistrictOf(lat, lon));
    }

    [Fact]
    public void SyntheticDevicesAreCountedAndSpread()
    {
        var catalog = TwinCatalog.Load(7_000);
        Assert.Equal(Catalog.Devices.Count + 7_000, catalog.Devices.Count);
        Assert.Equal(7_000, catalog.SyntheticDeviceCount);
        var synthetic = catalog.Devices.Where(d => d.Id.StartsWith("syn-", StringComparison.Ordinal)).ToList();
        Assert.Equal(7_000, synthetic.Count);
        Assert.All(synthetic.GroupBy(d => d.District), g => Assert.Equal(1_000, g.Count()));
        Assert.Equal(4, synthetic.Select(d => d.Kind).Distinct().Count());
        Assert.DoesNotContain(synthetic, d => d.Kind == DeviceKind.ChildTracker);
        Assert.Equal(synthetic.Count, synthetic.Select(d => d.DevEui).Distinct().Count());
        Assert.Empty(synthetic.Select(d => d.DevEui).Intersect(Catalog.Devices.Select(d => d.DevEui)));
        Assert.All(Catalog.Districts, d =>
            Assert.Equal(Catalog.DevicesIn(d.Id).Count + 1_000, catalog.DevicesIn(d.Id).Count));

        var gauge = synthetic.First(d => d.Kind == DeviceKind.RiverGauge);
        Assert.True(catalog.TryGetDevice(gauge.Id, out var byId));
        Assert.Same(gauge, byId);
        Assert.True(catalog.TryGetByDevEui(gauge.DevEui.ToLowerInvariant(), out var byEui));
        Assert.Same(gauge, byEui);
        Assert.True(gauge.Segment is null || catalog.TryGetSegment(gauge.Segment, out _));
        Assert.False(catalog.TryGetDevice("syn-snow-pump-1", out _)); // #1 is a river gauge
        Assert.False(catalog.TryGetDevice("syn-river-gauge-01", out _));
        Assert.False(Catalog.TryGetDevice(gauge.Id, out _)); // the base catalog is untouched
    }

    [Fact]
    public void AMillionSyntheticDevicesLoadWithSharedProfiles()
    {
        TwinCatalog.Load();
        var watch = Stopwatch.StartNew();
        var catalog = TwinCatalog.Load(1_000_000);
        watch.Stop();
        Assert.Equal(1_000_000, catalog.SyntheticDeviceCount);
        Assert.True(catalog.TryGetDevice("syn-env-sensor-1000000", out var last));
        Assert.Same(catalog.Devices[^1], last);
        // Shared instances: every synthetic pump points at the same profile and thresholds.
        var pumps = catalog.Devices.Skip(Catalog.Devices.Count).Where(d => d.Kind == DeviceKind.SnowPump).Take(1000).ToList();
        Assert.All(pumps, p => Assert.Same(pumps[0].Thresholds, p.Thresholds));
        TestContext.Current.TestOutputHelper?.WriteLine($"1,000,000 synthetic devices in {watch.Elapsed.TotalSeconds:F2} s");
    }

    [Fact]
    public void DistrictsGeoJsonCarriesIdsNamesAndPopulations()
    {
        using var doc = JsonDocument.Parse(Catalog.DistrictsGeoJson);
        var features = doc.RootElement.GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(7, features.Count);
        var total = 0;
        foreach (var f in features)
        {
            var p = f.GetProperty("properties");
            Assert.True(Catalog.TryGetDistrict(p.GetProperty("id").GetString()!, out var d));
            Assert.Equal(d.NameJa, p.GetProperty("nameJa").GetString());
            Assert.Equal(d.NameEn, p.GetProperty("nameEn").GetString());
            Assert.True(p.GetProperty("approximate").GetBoolean());
            total += p.GetProperty("population").GetInt32();
        }
        Assert.Equal(399_759, total);
        foreach (var json in new[] { Catalog.CityBoundaryGeoJson, Catalog.RailLinesGeoJson, Catalog.RailStationsGeoJson })
        {
            using var layer = JsonDocument.Parse(json);
            Assert.Equal("FeatureCollection", layer.RootElement.GetProperty("type").GetString());
            Assert.True(layer.RootElement.TryGetProperty("attribution", out _));
        }
        Assert.Contains("CC BY-SA", Catalog.RailLinesGeoJson, StringComparison.Ordinal);
    }

    [Fact]
    public void GatewaysNumberTwoToFourPerDistrict()
    {
        Assert.All(Catalog.Districts, d => Assert.InRange(Catalog.Gateways.Count(g => g.District == d.Id), 2, 4));
        Assert.All(Catalog.Gateways, g => Assert.True(g.Position.Generated));
        Assert.Equal(Catalog.Gateways.Count, Catalog.Gateways.Select(g => g.Id).Distinct().Count());
    }

    private static string Fingerprint(TwinCatalog catalog)
    {
        // Records holding ImmutableDictionary compare by reference, so compare a canonical text instead.
        var text = new StringBuilder();
        foreach (var d in catalog.Devices)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"{d.Id}|{d.Kind}|{d.District}|{d.Name}|{d.Position}|{d.DevEui}|{d.Profile.Name}|{d.Gateway}|{d.Segment}|{d.Group}|{d.School}|{d.Consent}|");
            foreach (var (k, v) in d.Thresholds.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                text.Append(CultureInfo.InvariantCulture, $"{k}={v};");
            }
            text.Append('\n');
        }
        foreach (var g in catalog.Gateways)
        {
            text.Append(g).Append('\n');
        }
        return text.ToString();
    }
}
