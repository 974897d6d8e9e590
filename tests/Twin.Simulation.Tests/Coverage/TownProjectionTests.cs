using Twin.Catalog;
using Twin.Simulation.Coverage;

namespace Twin.Simulation.Tests.Coverage;

public sealed class TownProjectionTests
{
    private static readonly TwinCatalog Catalog = TwinCatalog.Load();

    [Theory]
    [InlineData(2020)]
    [InlineData(2043)]
    [InlineData(2065)]
    public void TownsOfADistrictAddUpToItsProjection(int year)
    {
        var towns = TownProjection.Towns(Catalog, PlanningData.Towns, year);
        Assert.Equal(1448, towns.Count);
        foreach (var d in Catalog.Districts)
        {
            Assert.Equal(TownProjection.DistrictPopulation(d, year), towns.Where(t => t.District == d.Id).Sum(t => t.Population));
        }
    }

    [Fact]
    public void YearsBetweenTheStepsAreInterpolated()
    {
        var toyama = Catalog.Districts.Single(d => d.Id == "toyama");
        Assert.Equal(321_947, TownProjection.DistrictPopulation(toyama, 2020));
        // 2040 → 2045: 293,389 → 284,697; three fifths of the way.
        Assert.Equal(293_389 + (int)Math.Round(0.6 * (284_697 - 293_389)), TownProjection.DistrictPopulation(toyama, 2043));
    }

    [Fact]
    public void EveryRegistryTownBelongsToADistrict()
    {
        var ids = Catalog.Districts.Select(d => d.Id).ToHashSet();
        Assert.All(PlanningData.Towns, t => Assert.Contains(t.District, ids));
        Assert.Equal(414_354, PlanningData.Towns.Sum(t => t.Population2020));
    }
}
