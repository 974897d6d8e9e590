using System.Text.Json;

namespace Twin.Catalog.Tests;

public sealed class MeshTests
{
    [Fact]
    public void QuarterMeshOfAKnownPointMatchesTheJisLayout()
    {
        // 36.475 N, 137.1125 E is the SW corner of 1/2 mesh 543750791; a point just inside is its SW quarter.
        Assert.Equal("5437507911", Mesh.QuarterMeshCode(36.4751, 137.1126));
        // Toyama Station: 1st mesh 5537 (36°40'–37°20' N, 137–138° E).
        Assert.StartsWith("5537", Mesh.QuarterMeshCode(36.7013, 137.2133), StringComparison.Ordinal);
    }

    [Fact]
    public void CellCentreRoundTripsToTheSameCode()
    {
        foreach (var (lat, lon) in new[] { (36.7013, 137.2133), (36.4751, 137.1126), (36.58, 137.13) })
        {
            var code = Mesh.QuarterMeshCode(lat, lon);
            var centre = Mesh.CellCentre(code);
            Assert.Equal(code, Mesh.QuarterMeshCode(centre.Lat, centre.Lon));
            Assert.InRange(Math.Abs(centre.Lat - lat), 0, 7.5 / 3600);
            Assert.InRange(Math.Abs(centre.Lon - lon), 0, 11.25 / 3600);
        }
    }

    [Fact]
    public void TownPointsFallInTheirMeshFiveHundredCells()
    {
        // The 500 m file assigns each town's people to the 1/2 mesh cell holding its point: the quarter code
        // of every populated town point must start with one of those 9-digit codes.
        var assembly = typeof(TwinCatalog).Assembly;
        using var meshDoc = JsonDocument.Parse(Read(assembly, "toyama_population_mesh500_approx.geojson"));
        var cells = meshDoc.RootElement.GetProperty("features").EnumerateArray()
            .Select(f => f.GetProperty("properties").GetProperty("mesh_code").GetString()!)
            .ToHashSet();
        using var townDoc = JsonDocument.Parse(Read(assembly, "toyama_town_population_points.geojson"));
        var checkedTowns = 0;
        foreach (var f in townDoc.RootElement.GetProperty("features").EnumerateArray())
        {
            var pop = f.GetProperty("properties").GetProperty("pop_2026_08");
            if (pop.ValueKind != JsonValueKind.Number || pop.GetInt32() == 0)
            {
                continue;
            }
            var c = f.GetProperty("geometry").GetProperty("coordinates");
            var code = Mesh.QuarterMeshCode(c[1].GetDouble(), c[0].GetDouble());
            Assert.Contains(code[..9], cells);
            checkedTowns++;
        }
        Assert.True(checkedTowns > 1_000);
    }

    private static string Read(System.Reflection.Assembly assembly, string file)
    {
        using var stream = assembly.GetManifestResourceStream("Twin.Catalog.Data." + file)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
