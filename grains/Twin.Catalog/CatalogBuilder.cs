using System.Collections.Immutable;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using NetTopologySuite.Geometries;
using Twin.Grains.Abstractions;

namespace Twin.Catalog;

/// <summary>Builds the base catalog: districts and layers from the data files, the fleet placed deterministically.</summary>
internal static class CatalogBuilder
{
    public const string BaseDevEuiPrefix = "0254574E";    // locally administered EUI-64 ("TWN"), base fleet
    public const string SyntheticDevEuiPrefix = "0254574F"; // synthetic devices

    private const ulong Seed = 0x546F79616D61UL; // "Toyama"

    public static readonly (string Id, string NameJa, string NameEn)[] DistrictNames =
    [
        ("toyama", "富山", "Toyama"),
        ("osawano", "大沢野", "Osawano"),
        ("oyama", "大山", "Oyama"),
        ("yatsuo", "八尾", "Yatsuo"),
        ("fuchu", "婦中", "Fuchu"),
        ("yamada", "山田", "Yamada"),
        ("hosoiri", "細入", "Hosoiri"),
    ];

    // 2–4 gateways per district: more where there are more people and more area to cover.
    private static readonly Dictionary<string, int> GatewaysPerDistrict = new()
    {
        ["toyama"] = 4, ["osawano"] = 3, ["oyama"] = 3, ["yatsuo"] = 3, ["fuchu"] = 3, ["yamada"] = 2, ["hosoiri"] = 2,
    };

    public static readonly JsonSerializerOptions JsonOut = new()
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    public const string BoundaryAttribution = "「国土数値情報（行政区域データ）」（国土交通省）を加工して作成";
    public const string GeoloniaAttribution = "「Geolonia 住所データ」(CC BY 4.0) / 国土交通省 位置参照情報 を加工";
    public const string TownAttribution = "富山市オープンデータ（町丁別人口）, Code for Toyama City 加工, 位置: Geolonia 住所データ";
    public const string RailAttribution = "「鉄道駅LOD」(CC BY-SA 4.0) / 国土数値情報（鉄道データ）（国土交通省）";
    public const string SchoolAttribution = "富山市オープンデータ, Code for Toyama City 作成";

    private sealed record Town(string Name, string Region, int Population, double Lat, double Lon);

    private sealed record MeshCell(string Code, int Population, Envelope Envelope);

    private sealed record Site(string Name, string District, double Lat, double Lon);

    public static CatalogParts Build()
    {
        // --- district polygons and populations
        var polygonFeatures = DataFiles.Features("toyama_former_municipalities_approx.geojson").ToList();
        var shapes = new DistrictShapes(polygonFeatures.Select(f => (f.Properties.Str("region_id")!, f.Geometry)));

        var towns = DataFiles.Features("toyama_town_population_points.geojson")
            .Select(f => new Town(
                f.Properties.Str("town") ?? "",
                f.Properties.Str("region_id") ?? "",
                f.Properties.Int("pop_2026_08"),
                f.Geometry.Coordinate.Y,
                f.Geometry.Coordinate.X))
            .ToList();
        var population = towns.GroupBy(t => t.Region).ToDictionary(g => g.Key, g => g.Sum(t => t.Population));

        var projection = DataFiles.CsvRows("population_projection.csv")
            .Where(r => DistrictNames.Any(d => d.Id == r[0]))
            .ToDictionary(r => r[0], r => ParseProjection(r));

        // Admin offices: 富山市役所 and the 行政サービスセンター, named after their district.
        var offices = DataFiles.Features("toyama_admin_facilities_approx.geojson")
            .Select(f => (Name: f.Properties.Str("name")!, f.Geometry.Coordinate))
            .ToList();
        var districts = DistrictNames.Select(d =>
        {
            var office = offices.First(o => o.Name.StartsWith(d.NameJa, StringComparison.Ordinal));
            return new District(d.Id, d.NameJa, d.NameEn, population.GetValueOrDefault(d.Id),
                new GeoPoint(office.Coordinate.Y, office.Coordinate.X), projection[d.Id]);
        }).ToImmutableArray();

        // --- schools and stations (real positions)
        var schools = DataFiles.Features("toyama_schools_childcare.geojson")
            .Where(f => f.Properties.Str("category") == "elementary_school")
            .Select((f, i) => new School(
                $"es-{i + 1:00}",
                f.Properties.Str("name")!,
                shapes.DistrictOf(f.Geometry.Coordinate.Y, f.Geometry.Coordinate.X),
                // Rounded like the fleet's positions, so a child tracker sits exactly on its school.
                new GeoPoint(Math.Round(f.Geometry.Coordinate.Y, 6), Math.Round(f.Geometry.Coordinate.X, 6))))
            .ToImmutableArray();
        var stations = DataFiles.Features("toyama_rail_stations.geojson")
            .Select(f => (Name: f.Properties.Str("name")!, f.Geometry.Coordinate))
            .DistinctBy(s => s.Name)
            .Select(s => new Site(s.Name.Contains('駅') ? s.Name : s.Name + "駅", shapes.DistrictOf(s.Coordinate.Y, s.Coordinate.X), s.Coordinate.Y, s.Coordinate.X))
            .ToList();

        var gateways = PlaceGateways(districts, offices, stations, schools, towns);

        // --- the fleet
        var fleet = new FleetWriter(gateways);
        var segmentThresholds = new Dictionary<string, ImmutableDictionary<string, double>>();
        var segments = ImmutableArray.CreateBuilder<RiverSegment>();
        var levelDictionaries = new Dictionary<Sites.GaugeLevels, ImmutableDictionary<string, double>>();
        foreach (var site in Sites.Segments)
        {
            if (!levelDictionaries.TryGetValue(site.Levels, out var thresholds))
            {
                thresholds = Profiles.GaugeThresholds(site.Levels);
                levelDictionaries[site.Levels] = thresholds;
            }
            segmentThresholds[site.Id] = thresholds;
            var gaugeDistricts = new List<string>();
            foreach (var g in site.Gauges)
            {
                var district = shapes.DistrictOf(g.Lat, g.Lon);
                gaugeDistricts.Add(district);
                fleet.Add(g.Id, DeviceKind.RiverGauge, district, $"{g.Label} 水位計", g.Lat, g.Lon, Profiles.RiverGauge, thresholds,
                    segment: site.Id);
            }
            // A segment crossing a district line belongs to the district holding most of its gauges (upstream wins ties).
            var home = gaugeDistricts.GroupBy(d => d).OrderByDescending(g => g.Count()).First().Key;
            segments.Add(new RiverSegment(site.Id, site.River, site.NameJa, site.NameEn, home, [.. site.Gauges.Select(g => g.Id)]));
        }

        PlaceSnowPumps(fleet, shapes, towns);
        var bridges = PlaceBridges(fleet, shapes);
        PlaceChildTrackers(fleet, schools);
        PlaceEnvSensors(fleet, districts, shapes);

        return new CatalogParts(
            districts,
            gateways,
            segments.ToImmutable(),
            schools,
            bridges,
            fleet.Devices.ToImmutableArray(),
            shapes,
            segmentThresholds.ToImmutableDictionary(),
            WithAttribution(DataFiles.ReadText("toyama_city_boundary_simplified.geojson"), BoundaryAttribution, null),
            DistrictsGeoJson(polygonFeatures, districts),
            WithAttribution(DataFiles.ReadText("toyama_rail_lines.geojson"), RailAttribution, "CC BY-SA 4.0"),
            WithAttribution(DataFiles.ReadText("toyama_rail_stations.geojson"), RailAttribution, "CC BY-SA 4.0"));
    }

    private static ImmutableSortedDictionary<int, int> ParseProjection(string[] row)
    {
        // Columns: district_id,name_ja,name_en,y2005,y2010,…,y2065 (5-year steps).
        var builder = ImmutableSortedDictionary.CreateBuilder<int, int>();
        for (var i = 3; i < row.Length; i++)
        {
            builder[2005 + 5 * (i - 3)] = int.Parse(row[i], CultureInfo.InvariantCulture);
        }
        return builder.ToImmutable();
    }

    /// <summary>
    /// Gateways at the admin office first, then spread out over the district's stations and schools by
    /// farthest-point selection, so the few gateways a district gets cover it rather than cluster downtown.
    /// </summary>
    private static ImmutableArray<Gateway> PlaceGateways(
        ImmutableArray<District> districts,
        List<(string Name, Coordinate Coordinate)> offices,
        List<Site> stations,
        ImmutableArray<School> schools,
        List<Town> towns)
    {
        var result = ImmutableArray.CreateBuilder<Gateway>();
        foreach (var district in districts)
        {
            var office = offices.First(o => o.Name.StartsWith(district.NameJa, StringComparison.Ordinal));
            var candidates = stations.Where(s => s.District == district.Id)
                .Concat(schools.Where(s => s.District == district.Id).Select(s => new Site(s.Name, s.District, s.Position.Lat, s.Position.Lon)))
                .ToList();
            if (candidates.Count + 1 < GatewaysPerDistrict[district.Id])
            {
                // Mountain districts with neither station nor school (細入): fall back to their settlements.
                candidates.AddRange(towns.Where(t => t.Region == district.Id && t.Population > 0)
                    .Select(t => new Site(t.Name, district.Id, t.Lat, t.Lon)));
            }
            var chosen = new List<Site> { new(office.Name, district.Id, office.Coordinate.Y, office.Coordinate.X) };
            while (chosen.Count < GatewaysPerDistrict[district.Id] && candidates.Count > 0)
            {
                var next = candidates.MaxBy(c => chosen.Min(s => Geo.DistanceM(s.Lat, s.Lon, c.Lat, c.Lon)))!;
                candidates.Remove(next);
                chosen.Add(next);
            }
            result.AddRange(chosen.Select((s, i) => new Gateway(
                $"gw-{district.Id}-{i + 1}", $"{s.Name} ゲートウェイ", district.Id, new GeoPoint(s.Lat, s.Lon, Generated: true))));
        }
        return result.ToImmutable();
    }

    /// <summary>300 pumps in populated 500 m cells, chosen with probability proportional to the cell's people.</summary>
    private static void PlaceSnowPumps(FleetWriter fleet, DistrictShapes shapes, List<Town> towns)
    {
        var cells = DataFiles.Features("toyama_population_mesh500_approx.geojson")
            .Select(f => new MeshCell(f.Properties.Str("mesh_code")!, f.Properties.Int("pop_2026_08"), f.Geometry.EnvelopeInternal))
            .Where(c => c.Population > 0)
            .OrderBy(c => c.Code, StringComparer.Ordinal)
            .ToList();
        var cumulative = new double[cells.Count];
        double total = 0;
        for (var i = 0; i < cells.Count; i++)
        {
            total += cells[i].Population;
            cumulative[i] = total;
        }
        var rng = new DeterministicRandom(Seed ^ 0x5350); // "SP"
        var populated = towns.Where(t => t.Population > 0).ToList();
        var placed = new List<(double Lat, double Lon, string Town)>();
        for (var k = 0; k < 300; k++)
        {
            var index = Array.BinarySearch(cumulative, rng.NextDouble() * total);
            var cell = cells[index < 0 ? ~index : index].Envelope;
            // Inside the cell, away from its edges, so the pump stays in the cell it was drawn for.
            var lat = cell.MinY + cell.Height * rng.Between(0.1, 0.9);
            var lon = cell.MinX + cell.Width * rng.Between(0.1, 0.9);
            var town = populated.MinBy(t => Geo.DistanceM(lat, lon, t.Lat, t.Lon))!.Name;
            placed.Add((lat, lon, town));
        }
        var perTown = placed.GroupBy(p => p.Town).ToDictionary(g => g.Key, g => g.Count());
        var seen = new Dictionary<string, int>();
        for (var k = 0; k < placed.Count; k++)
        {
            var (lat, lon, town) = placed[k];
            var n = seen[town] = seen.GetValueOrDefault(town) + 1;
            var name = perTown[town] > 1 ? $"{town} 消雪ポンプ {n}" : $"{town} 消雪ポンプ";
            fleet.Add($"sp-{k + 1:0000}", DeviceKind.SnowPump, shapes.DistrictOf(lat, lon), name, lat, lon,
                Profiles.SnowPump, Profiles.SnowPumpThresholds);
        }
    }

    private static ImmutableArray<Bridge> PlaceBridges(FleetWriter fleet, DistrictShapes shapes)
    {
        var bridges = ImmutableArray.CreateBuilder<Bridge>();
        for (var i = 0; i < Sites.Bridges.Length; i++)
        {
            var site = Sites.Bridges[i];
            var district = shapes.DistrictOf(site.Lat, site.Lon);
            var joints = 2 + i % 3;
            var ids = new List<string>();
            for (var k = 1; k <= joints; k++)
            {
                // Girder ends spread ~100 m apart across the river (the rivers here run roughly north).
                var lon = site.Lon + (k - (joints + 1) / 2.0) * 0.0011;
                var id = $"bj-{site.Id}-{k}";
                ids.Add(id);
                fleet.Add(id, DeviceKind.BridgeJoint, district, $"{site.Name} 桁端 {k}", site.Lat, lon,
                    Profiles.BridgeJoint, Profiles.BridgeJointThresholds, group: site.Id);
            }
            bridges.Add(new Bridge(site.Id, site.Name, district, new GeoPoint(site.Lat, site.Lon, Generated: true), [.. ids]));
        }
        return bridges.ToImmutable();
    }

    /// <summary>
    /// 2,000 children's trackers (the 2020 trial had 1,940 opted in), 52 % of them with the family's demo consent (the share
    /// the city reports), spread evenly over the 66 schools. The flag only seeds the consent register on an empty database.
    /// </summary>
    private static void PlaceChildTrackers(FleetWriter fleet, ImmutableArray<School> schools)
    {
        const int consenting = 1040, refusing = 960;
        var n = 0;
        for (var i = 0; i < schools.Length; i++)
        {
            var school = schools[i];
            var yes = consenting / schools.Length + (i < consenting % schools.Length ? 1 : 0);
            var no = refusing / schools.Length + (i < refusing % schools.Length ? 1 : 0);
            for (var k = 1; k <= yes + no; k++)
            {
                n++;
                fleet.Add($"ct-{n:00000}", DeviceKind.ChildTracker, school.District, $"{school.Name} 見守りGPS {k:000}",
                    school.Position.Lat, school.Position.Lon, Profiles.ChildTracker, Profiles.NoThresholds,
                    school: school.Id, consent: k <= yes);
            }
        }
    }

    private static void PlaceEnvSensors(FleetWriter fleet, ImmutableArray<District> districts, DistrictShapes shapes)
    {
        foreach (var d in districts)
        {
            fleet.Add($"env-weather-{d.Id}", DeviceKind.EnvSensor, d.Id, $"{d.NameJa} 気象観測", d.Centre.Lat, d.Centre.Lon,
                Profiles.Weather, Profiles.NoThresholds, group: "weather");
        }
        // Smart agriculture (seed doc): large paddies at 塩 (大沢野) and hillside paddies at 上野 (大山).
        var farms = new (string District, string Place, double Lat, double Lon)[]
        {
            ("osawano", "塩", 36.6120, 137.2150),
            ("oyama", "大山上野", 36.5960, 137.3350),
        };
        var rng = new DeterministicRandom(Seed ^ 0x4147); // "AG"
        foreach (var farm in farms)
        {
            for (var k = 1; k <= 4; k++)
            {
                fleet.Add($"env-paddy-{farm.District}-{k:00}", DeviceKind.EnvSensor, farm.District, $"{farm.Place} 水田水位計 {k}",
                    farm.Lat + rng.Between(-0.004, 0.004), farm.Lon + rng.Between(-0.005, 0.005), Profiles.Paddy, Profiles.NoThresholds,
                    group: "paddy");
            }
            for (var k = 1; k <= 2; k++)
            {
                fleet.Add($"env-soil-{farm.District}-{k:00}", DeviceKind.EnvSensor, farm.District, $"{farm.Place} 土壌センサー {k}",
                    farm.Lat + rng.Between(-0.004, 0.004), farm.Lon + rng.Between(-0.005, 0.005), Profiles.Soil, Profiles.NoThresholds,
                    group: "soil");
            }
        }
        // Firefly-squid set nets off 水橋: three ICT buoys at sea, outside the land polygon, counted in toyama.
        var buoys = new (double Lat, double Lon)[] { (36.7800, 137.2950), (36.7850, 137.3050), (36.7780, 137.3150) };
        for (var k = 0; k < buoys.Length; k++)
        {
            fleet.Add($"env-buoy-{k + 1:00}", DeviceKind.EnvSensor, "toyama", $"水橋 定置網 ICTブイ {k + 1}", buoys[k].Lat, buoys[k].Lon,
                Profiles.Buoy, Profiles.NoThresholds, group: "buoy");
        }
        // People counters in Toyama Station (the 関西電力 trial), at the south and north exits.
        fleet.Add("env-people-toyama-st-1", DeviceKind.EnvSensor, shapes.DistrictOf(36.7005, 137.2133), "富山駅 南口 人流カウンター",
            36.7005, 137.2133, Profiles.PeopleCounter, Profiles.NoThresholds, group: "people-counter");
        fleet.Add("env-people-toyama-st-2", DeviceKind.EnvSensor, shapes.DistrictOf(36.7025, 137.2133), "富山駅 北口 人流カウンター",
            36.7025, 137.2133, Profiles.PeopleCounter, Profiles.NoThresholds, group: "people-counter");
    }

    private static string DistrictsGeoJson(
        List<(JsonElement Properties, Geometry Geometry, string GeometryJson)> features,
        ImmutableArray<District> districts)
    {
        var array = new JsonArray();
        foreach (var d in districts)
        {
            var f = features.First(x => x.Properties.Str("region_id") == d.Id);
            array.Add(new JsonObject
            {
                ["type"] = "Feature",
                ["id"] = d.Id,
                ["properties"] = new JsonObject
                {
                    ["id"] = d.Id,
                    ["nameJa"] = d.NameJa,
                    ["nameEn"] = d.NameEn,
                    ["formerNameJa"] = f.Properties.Str("name_ja"),
                    ["population"] = d.Population,
                    ["approximate"] = true,
                },
                ["geometry"] = JsonNode.Parse(f.GeometryJson),
            });
        }
        var root = new JsonObject
        {
            ["type"] = "FeatureCollection",
            ["attribution"] = $"{BoundaryAttribution} / {GeoloniaAttribution} / {TownAttribution}",
            ["note"] = "APPROXIMATE polygons (Voronoi of 町字 points by former municipality), not official boundaries.",
            ["features"] = array,
        };
        return root.ToJsonString(JsonOut);
    }

    private static string WithAttribution(string geoJson, string attribution, string? license)
    {
        var root = JsonNode.Parse(geoJson)!.AsObject();
        root["attribution"] = attribution;
        if (license is not null)
        {
            root["license"] = license;
        }
        return root.ToJsonString(JsonOut);
    }

    /// <summary>Collects devices in catalog order, giving each a unique DevEUI and its nearest gateway.</summary>
    private sealed class FleetWriter(ImmutableArray<Gateway> gateways)
    {
        public List<DeviceInfo> Devices { get; } = [];

        public void Add(string id, DeviceKind kind, string district, string name, double lat, double lon,
            DeviceProfile profile, ImmutableDictionary<string, double> thresholds,
            string? segment = null, string? group = null, string? school = null, bool consent = true)
        {
            // Six decimals (~0.1 m) is finer than any of these placements is true to.
            Devices.Add(new DeviceInfo(id, kind, district, name, new GeoPoint(Math.Round(lat, 6), Math.Round(lon, 6), Generated: true),
                $"{BaseDevEuiPrefix}{Devices.Count + 1:X8}", profile, thresholds)
            {
                Segment = segment,
                Group = group,
                School = school,
                Consent = consent,
                Gateway = Geo.Nearest(gateways, lat, lon).Id,
            });
        }
    }
}
