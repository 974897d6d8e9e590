using System.Text.Json.Nodes;
using Twin.Catalog;

namespace Twin.Simulation.Coverage;

/// <summary>Covered and uncovered people per JIS 1/2 mesh (500 m) cell, as GeoJSON for the control room's map layer.</summary>
public static class CoverageCells
{
    // A 1/2 mesh cell is 15″ of latitude by 22.5″ of longitude.
    private const double HalfLatDeg = 15.0 / 3600, HalfLonDeg = 22.5 / 3600;

    /// <summary>
    /// The map layer for a year and a facility set: the cells, with the year, set, radius, the city's totals and the
    /// attribution as members of the collection.
    /// </summary>
    public static JsonObject Layer(TwinCatalog catalog, int year, FacilitySet set, int radiusM)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(set);
        var towns = TownProjection.Towns(catalog, PlanningData.Towns, year);
        var calculator = new CoverageCalculator(towns);
        var reach = calculator.Reach(set.Facilities, radiusM);
        var (_, population, covered) = calculator.Totals(reach, [])[0];
        return ToGeoJson(towns, reach, new JsonObject
        {
            ["year"] = year,
            ["facilityType"] = set.Name,
            ["radiusM"] = radiusM,
            ["facilities"] = set.Facilities.Length,
            ["population"] = population,
            ["covered"] = covered,
            ["sharePct"] = population == 0 ? 0 : Math.Round(100.0 * covered / population, 2, MidpointRounding.AwayFromZero),
            ["attribution"] = string.Join(" / ", TwinCatalog.Attributions.Take(3)),
            ["note"] = "people per JIS 1/2 mesh (500 m) cell from the registry towns' points (approximate); distances in EPSG:6675",
        });
    }

    /// <summary>One cell per populated 500 m mesh cell (code order), with <c>population</c>, <c>covered</c> and <c>uncovered</c>.</summary>
    public static JsonObject ToGeoJson(IReadOnlyList<PopulatedPlace> places, string[][] reach, JsonObject? properties = null)
    {
        ArgumentNullException.ThrowIfNull(places);
        ArgumentNullException.ThrowIfNull(reach);
        var cells = new SortedDictionary<string, (long Population, long Covered)>(StringComparer.Ordinal);
        for (var i = 0; i < places.Count; i++)
        {
            var p = places[i];
            if (p.Population == 0)
            {
                continue;
            }
            var code = Mesh.QuarterMeshCode(p.Lat, p.Lon)[..9];
            var (pop, cov) = cells.GetValueOrDefault(code);
            cells[code] = (pop + p.Population, cov + (reach[i].Length > 0 ? p.Population : 0));
        }
        var features = new JsonArray();
        foreach (var (code, (population, covered)) in cells)
        {
            var centre = Mesh.CellCentre(code);
            double s = centre.Lat - HalfLatDeg / 2, n = centre.Lat + HalfLatDeg / 2, w = centre.Lon - HalfLonDeg / 2, e = centre.Lon + HalfLonDeg / 2;
            var cell = new JsonObject
            {
                ["mesh"] = code,
                ["population"] = population,
                ["covered"] = covered,
                ["uncovered"] = population - covered,
            };
            features.Add(Feature(code, cell, new JsonObject
            {
                ["type"] = "Polygon",
                ["coordinates"] = new JsonArray(new JsonArray(Corner(w, s), Corner(e, s), Corner(e, n), Corner(w, n), Corner(w, s))),
            }));
        }
        var root = new JsonObject { ["type"] = "FeatureCollection" };
        foreach (var (key, value) in properties ?? [])
        {
            root[key] = value?.DeepClone();
        }
        root["features"] = features;
        return root;
    }

    /// <summary>A GeoJSON feature.</summary>
    internal static JsonObject Feature(string id, JsonObject properties, JsonObject geometry) => new()
    {
        ["type"] = "Feature",
        ["id"] = id,
        ["properties"] = properties,
        ["geometry"] = geometry,
    };

    private static JsonArray Corner(double lon, double lat) =>
        new(Math.Round(lon, 7), Math.Round(lat, 7));
}
