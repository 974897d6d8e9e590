using System.Text.Json;
using Twin.Catalog;

namespace Twin.Simulation;

/// <summary>
/// The city's 1,448 town population points (resident registry 2026-08), read from the catalog's embedded copy.
/// Attribution: 富山市オープンデータ（町丁別人口）, Code for Toyama City 加工, 位置: Geolonia 住所データ (CC BY / CC BY 4.0).
/// </summary>
public sealed record TownPoint(string Name, string District, int Population, double Lat, double Lon)
{
    /// <summary>Where the data comes from; shown wherever it is shown.</summary>
    public const string Attribution = "富山市オープンデータ（町丁別人口）, Code for Toyama City 加工, 位置: Geolonia 住所データ";

    private static readonly Lazy<IReadOnlyList<TownPoint>> Shared = new(Load);

    /// <summary>Every town point, in file order.</summary>
    public static IReadOnlyList<TownPoint> All => Shared.Value;

    /// <summary>Metres between two points: equirectangular, well within a metre at the city's scale and a radius of a few km.</summary>
    public static double DistanceM(double lat1, double lon1, double lat2, double lon2)
    {
        const double metresPerDegree = 111_195;
        var x = (lon2 - lon1) * Math.Cos((lat1 + lat2) * Math.PI / 360);
        var y = lat2 - lat1;
        return Math.Sqrt(x * x + y * y) * metresPerDegree;
    }

    private static IReadOnlyList<TownPoint> Load()
    {
        using var doc = JsonDocument.Parse(EmbeddedData.Text(typeof(TwinCatalog).Assembly, "Twin.Catalog.Data.toyama_town_population_points.geojson"));
        var towns = new List<TownPoint>();
        foreach (var feature in doc.RootElement.GetProperty("features").EnumerateArray())
        {
            var p = feature.GetProperty("properties");
            var c = feature.GetProperty("geometry").GetProperty("coordinates");
            towns.Add(new TownPoint(
                p.GetProperty("town").GetString() ?? "",
                p.GetProperty("region_id").GetString() ?? "",
                p.TryGetProperty("pop_2026_08", out var pop) && pop.ValueKind == JsonValueKind.Number ? pop.GetInt32() : 0,
                c[1].GetDouble(),
                c[0].GetDouble()));
        }
        return towns;
    }
}
