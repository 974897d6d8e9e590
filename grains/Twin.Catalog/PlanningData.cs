using System.Collections.Immutable;
using System.Globalization;
using Twin.Grains.Abstractions;

namespace Twin.Catalog;

/// <summary>A 町丁 (town) of the resident registry with its representative point.</summary>
/// <param name="Id">Our id, <c>town-0001</c>…, in the data file's order.</param>
/// <param name="Name">The 町丁 or 通称 name.</param>
/// <param name="Chiku">The 地区 the town belongs to.</param>
/// <param name="District">The district (former municipality) the registry puts the town in.</param>
/// <param name="Population2020">Registered residents on 2020-09-30.</param>
/// <param name="Population2026">Registered residents on 2026-08-31.</param>
/// <param name="Position">The Geolonia 町字 point, or the 地区 centroid where <paramref name="AtChikuCentroid"/>.</param>
/// <param name="AtChikuCentroid">The source had no point for this 通称 row; it sits at its 地区's population-weighted centroid.</param>
public sealed record TownPoint(
    string Id, string Name, string Chiku, string District, int Population2020, int Population2026, GeoPoint Position, bool AtChikuCentroid);

/// <summary>A place from the city's open data that people reach: an office, a school, a nursery, a station.</summary>
/// <param name="Id">Our id, stable across builds (<c>office-1</c>, <c>es-01</c>, <c>station-01</c>…).</param>
/// <param name="Category">The source's category (<c>city_hall</c>, <c>admin_service_center</c>, <c>elementary_school</c>, <c>station</c>…).</param>
/// <param name="Name">The facility's name as the source gives it (a station gets 駅).</param>
/// <param name="District">The district whose approximate polygon holds the point.</param>
/// <param name="Position">The source's point (an office's is its 町字 point, not the building).</param>
public sealed record PlacePoint(string Id, string Category, string Name, string District, GeoPoint Position);

/// <summary>The embedded layers the planner's coverage runs read: towns with their registry populations, and facilities.</summary>
public static class PlanningData
{
    private static readonly Lazy<PlanningLayers> Layers = new(Load);

    /// <summary>The 1,448 registry towns, in the data file's order.</summary>
    public static ImmutableArray<TownPoint> Towns => Layers.Value.Towns;

    /// <summary>City hall and the six 行政サービスセンター (at their 町字 points, not the buildings).</summary>
    public static ImmutableArray<PlacePoint> AdminOffices => Layers.Value.AdminOffices;

    /// <summary>Elementary and junior high schools, nurseries and kindergartens (categories as in the source).</summary>
    public static ImmutableArray<PlacePoint> SchoolsAndChildcare => Layers.Value.SchoolsAndChildcare;

    /// <summary>Rail and tram stations, one point per distinct name.</summary>
    public static ImmutableArray<PlacePoint> Stations => Layers.Value.Stations;

    private sealed record PlanningLayers(
        ImmutableArray<TownPoint> Towns,
        ImmutableArray<PlacePoint> AdminOffices,
        ImmutableArray<PlacePoint> SchoolsAndChildcare,
        ImmutableArray<PlacePoint> Stations);

    private static PlanningLayers Load()
    {
        var catalog = TwinCatalog.Load();
        var towns = DataFiles.Features("toyama_town_population_points.geojson")
            .Select((f, i) => new TownPoint(
                $"town-{i + 1:0000}",
                f.Properties.Str("town") ?? "",
                f.Properties.Str("chiku") ?? "",
                f.Properties.Str("region_id") ?? "",
                f.Properties.Int("pop_2020_09"),
                f.Properties.Int("pop_2026_08"),
                new GeoPoint(f.Geometry.Coordinate.Y, f.Geometry.Coordinate.X),
                f.Properties.Str("location_method") == "chiku_centroid"))
            .ToImmutableArray();
        var offices = DataFiles.Features("toyama_admin_facilities_approx.geojson")
            .Select((f, i) => Place($"office-{i + 1}", f.Properties.Str("category") ?? "", f.Properties.Str("name")!, f.Geometry, catalog))
            .ToImmutableArray();
        // Ids by category in file order: es-01… matches the catalog's school ids.
        var counters = new Dictionary<string, int>();
        var schools = DataFiles.Features("toyama_schools_childcare.geojson")
            .Select(f =>
            {
                var category = f.Properties.Str("category") ?? "";
                var n = counters[category] = counters.GetValueOrDefault(category) + 1;
                return Place($"{Prefix(category)}-{n:00}", category, f.Properties.Str("name")!, f.Geometry, catalog);
            })
            .ToImmutableArray();
        var stations = DataFiles.Features("toyama_rail_stations.geojson")
            .Select(f => (Name: f.Properties.Str("name")!, f.Geometry))
            .DistinctBy(s => s.Name)
            .Select((s, i) => Place($"station-{i + 1:00}", "station", s.Name.Contains('駅') ? s.Name : s.Name + "駅", s.Geometry, catalog))
            .ToImmutableArray();
        return new PlanningLayers(towns, offices, schools, stations);
    }

    private static PlacePoint Place(string id, string category, string name, NetTopologySuite.Geometries.Geometry geometry, TwinCatalog catalog)
    {
        var (lat, lon) = (geometry.Coordinate.Y, geometry.Coordinate.X);
        return new PlacePoint(id, category, name, catalog.DistrictOf(lat, lon), new GeoPoint(lat, lon));
    }

    private static string Prefix(string category) => category switch
    {
        "elementary_school" => "es",
        "junior_high_school" => "jhs",
        "nursery_licensed" => "nursery",
        "nursery_unlicensed" => "nursery-u",
        "kindergarten" => "kg",
        _ => category,
    };
}

/// <summary>A row of the city's own facility-coverage table (facility_coverage_reference.csv, material 2-5).</summary>
/// <param name="FacilityType">The city's facility type (<c>administrative_office</c>, <c>community_care_center</c>, <c>food_store</c>, <c>clinic</c>).</param>
/// <param name="FacilityCount">How many facilities the city counted, where it says.</param>
/// <param name="RadiusM">The radius in metres.</param>
/// <param name="Zone"><c>city</c>, <c>core_and_corridor</c>, <c>core</c>, <c>corridor</c> or <c>outside</c>.</param>
/// <param name="PopulationWithin">Residents within the radius.</param>
/// <param name="SharePct">Their share of the zone, in percent.</param>
/// <param name="PopulationTotal">The city's population the share is of.</param>
public sealed record CityCoverageRow(
    string FacilityType, int? FacilityCount, int RadiusM, string Zone, int PopulationWithin, double SharePct, int PopulationTotal);

/// <summary>The city's coverage table.</summary>
public static class CityCoverageTable
{
    private static readonly Lazy<ImmutableArray<CityCoverageRow>> Table = new(() => DataFiles.CsvRows("facility_coverage_reference.csv")
        .Select(r => new CityCoverageRow(
            r[0],
            r[1].Length == 0 ? null : int.Parse(r[1], CultureInfo.InvariantCulture),
            int.Parse(r[2], CultureInfo.InvariantCulture),
            r[3],
            int.Parse(r[4], CultureInfo.InvariantCulture),
            double.Parse(r[5], CultureInfo.InvariantCulture),
            int.Parse(r[6], CultureInfo.InvariantCulture)))
        .ToImmutableArray());

    /// <summary>Every row, in the file's order.</summary>
    public static ImmutableArray<CityCoverageRow> Rows => Table.Value;
}
