using Twin.Catalog;
using Twin.Simulation.Coverage;

namespace Twin.Simulation.Tests.Coverage;

/// <summary>Hand-made geometry with known answers, laid out on the zone VII plane near city hall.</summary>
public sealed class CoverageCalculatorTests
{
    // Plane coordinates (metres) of a point 4 km east and 77 km north of the zone origin, in central Toyama.
    private const double X0 = 4000, Y0 = 77000;

    private static PopulatedPlace Town(string id, string district, double dx, double dy, int people)
    {
        var (lat, lon) = PlaneRectangular.ToGeographic(X0 + dx, Y0 + dy);
        return new PopulatedPlace(id, id, district, lat, lon, people);
    }

    private static Facility At(string id, double dx, double dy)
    {
        var (lat, lon) = PlaneRectangular.ToGeographic(X0 + dx, Y0 + dy);
        return new Facility(id, id, "square", lat, lon, Approximate: false);
    }

    [Fact]
    public void AFacilityAtAKnownDistanceCoversExactlyWithinTheRadius()
    {
        // A 3-4-5 triangle: the town is 2,000 m from the facility (to a micrometre, after the round trip through lat/lon).
        var town = Town("t", "square", 1200, 1600, 10);
        var facility = At("f", 0, 0);
        Assert.Equal(2000, PlaneRectangular.DistanceM(town.Lat, town.Lon, facility.Lat, facility.Lon), 1e-6);
        var calculator = new CoverageCalculator([town]);
        Assert.Empty(calculator.Reach([At("f", 0, 0)], 1999.99)[0]);
        Assert.Equal(["f"], calculator.Reach([At("f", 0, 0)], 2000.01)[0]);
    }

    [Fact]
    public void ASquareTownIsCoveredCornerByCorner()
    {
        // A square town 2 km on a side, its people at its four corners and its centre; a facility at the centre with a
        // 1,500 m radius reaches the centre only (the corners are √2 km = 1,414 m away: inside) — then 1,400 m misses them.
        var towns = new[]
        {
            Town("c", "square", 0, 0, 100),
            Town("sw", "square", -1000, -1000, 10), Town("se", "square", 1000, -1000, 20),
            Town("nw", "square", -1000, 1000, 30), Town("ne", "square", 1000, 1000, 40),
            Town("far", "elsewhere", 5000, 0, 1000),
        };
        var calculator = new CoverageCalculator(towns);
        var centre = At("centre", 0, 0);

        var wide = calculator.Totals(calculator.Reach([centre], 1500), ["square", "elsewhere"]);
        Assert.Equal([("city", 1200L, 200L), ("square", 200L, 200L), ("elsewhere", 1000L, 0L)], wide);

        var narrow = calculator.Totals(calculator.Reach([centre], 1400), ["square", "elsewhere"]);
        Assert.Equal([("city", 1200L, 100L), ("square", 200L, 100L), ("elsewhere", 1000L, 0L)], narrow);
    }

    [Fact]
    public void ReachListsEveryFacilityWithinTheRadiusInIdOrder()
    {
        var calculator = new CoverageCalculator([Town("t", "square", 0, 0, 1)]);
        var reach = calculator.Reach([At("b", 300, 0), At("a", 0, 400), At("z", 600, 0)], 500);
        Assert.Equal(["a", "b"], reach[0]);
    }

    [Fact]
    public void WithNoFacilitiesNobodyIsCovered()
    {
        var calculator = new CoverageCalculator([Town("t", "square", 0, 0, 5)]);
        var totals = calculator.Totals(calculator.Reach([], 2000), ["square"]);
        Assert.Equal([("city", 5L, 0L), ("square", 5L, 0L)], totals);
    }
}
