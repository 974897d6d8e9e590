using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Twin.Catalog;
using Twin.Simulation.Coverage;

namespace Twin.Simulation.Tests.Coverage;

public sealed class CoverageScenarioTests
{
    private static readonly CoverageScenario Scenario = new();

    private static Task<SimulationOutput> RunAsync(params (string Key, string Value)[] parameters) =>
        Scenario.RunAsync(
            new SimulationRequest("coverage", 7, parameters.ToDictionary(p => p.Key, p => p.Value)), null, TestContext.Current.CancellationToken);

    [Fact]
    public async Task AdminTwoKilometreCityFigureIsWithinThreePointsOfTheCitys98_9()
    {
        var output = await RunAsync();
        using var doc = JsonDocument.Parse(output.ResultJson);
        var reference = doc.RootElement.GetProperty("reference").EnumerateArray()
            .Single(r => r.GetProperty("cityFacilityType").GetString() == "administrative_office" && r.GetProperty("zone").GetString() == "city");
        Assert.True(reference.GetProperty("computed").GetBoolean());
        Assert.Equal(98.9, reference.GetProperty("citySharePct").GetDouble());
        var ours = reference.GetProperty("sharePct").GetDouble();
        Assert.InRange(ours, 98.9 - 3, 98.9 + 3);
        Assert.Equal(Math.Round(ours - 98.9, 2), reference.GetProperty("differencePts").GetDouble());

        // The default run is admin at 2 km in 2020: its city row is the same figure.
        var city = doc.RootElement.GetProperty("rows").EnumerateArray().First();
        Assert.Equal(("admin", 2000, "city", 2020), (city.GetProperty("facilityType").GetString(), city.GetProperty("radiusM").GetInt32(),
            city.GetProperty("zone").GetString(), city.GetProperty("year").GetInt32()));
        Assert.Equal(ours, city.GetProperty("sharePct").GetDouble());
        Assert.Equal(415_536, city.GetProperty("population").GetInt64()); // the 2020 projection, town by town

        // The 7 known offices, 66 approximated centres, 7 short of the city's 80.
        var admin = doc.RootElement.GetProperty("facilities")[0];
        Assert.Equal((7, 66, 80, 7), (admin.GetProperty("known").GetInt32(), admin.GetProperty("approximated").GetInt32(),
            admin.GetProperty("cityCount").GetInt32(), admin.GetProperty("gapToCity").GetInt32()));

        // Every row of the city's table is listed, with a reason for each.
        Assert.Equal(CityCoverageTable.Rows.Length, doc.RootElement.GetProperty("reference").GetArrayLength());
        Assert.All(doc.RootElement.GetProperty("reference").EnumerateArray(),
            r => Assert.False(string.IsNullOrWhiteSpace(r.GetProperty("explanation").GetString())));
    }

    [Fact]
    public async Task TheSameRequestGivesByteIdenticalOutput()
    {
        var a = await RunAsync(("facilities", "stations,admin"), ("year", "2040"), ("remove", "station-01"));
        var b = await RunAsync(("facilities", "stations,admin"), ("year", "2040"), ("remove", "station-01"));
        Assert.Equal(a.ResultJson, b.ResultJson);
        Assert.Equal(a.AffectedGeoJson, b.AffectedGeoJson);
        Assert.Equal(a.ReportHtml, b.ReportHtml);
        Assert.Equal(a.CsvFiles.OrderBy(f => f.Key), b.CsvFiles.OrderBy(f => f.Key));
        Assert.Equal(["coverage.csv", "population.csv", "reference.csv", "towns.csv"], a.CsvFiles.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("<svg", a.ReportHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", a.ReportHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClosingAFacilityLosesExactlyThePeopleOnlyItCovered()
    {
        // Find, independently of the scenario, the admin facility that is the only one in reach of the most people.
        var towns = TownProjection.Towns(TwinCatalog.Load(), PlanningData.Towns, 2030);
        var calculator = new CoverageCalculator(towns);
        var admin = FacilitySets.Find("admin")!;
        var reach = calculator.Reach(admin.Facilities, 2000);
        var sole = Enumerable.Range(0, towns.Count).Where(i => reach[i].Length == 1 && towns[i].Population > 0)
            .GroupBy(i => reach[i][0]).MaxBy(g => g.Sum(i => towns[i].Population))!;
        var expected = sole.Select(i => towns[i].Id).Order(StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(expected);

        var output = await RunAsync(("year", "2030"), ("remove", sole.Key));
        using var doc = JsonDocument.Parse(output.ResultJson);
        var whatIf = doc.RootElement.GetProperty("whatIf");
        var lost = whatIf.GetProperty("lost");
        Assert.Equal(expected, lost.GetProperty("towns").EnumerateArray().Select(t => t.GetProperty("id").GetString()));
        Assert.Equal(sole.Sum(i => (long)towns[i].Population), lost.GetProperty("population").GetInt64());
        Assert.Equal(0, whatIf.GetProperty("gained").GetProperty("population").GetInt64());

        // The city row drops by exactly those people.
        var before = doc.RootElement.GetProperty("rows")[0].GetProperty("covered").GetInt64();
        var after = whatIf.GetProperty("rows")[0].GetProperty("covered").GetInt64();
        Assert.Equal(before - lost.GetProperty("population").GetInt64(), after);

        // affected.geojson lists the same towns as lost.
        using var affected = JsonDocument.Parse(output.AffectedGeoJson);
        Assert.Equal(expected, affected.RootElement.GetProperty("features").EnumerateArray()
            .Select(f => f.GetProperty("properties"))
            .Where(p => p.GetProperty("change").GetString() == "lost")
            .Select(p => p.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task ANewStationGainsTheUncoveredPeopleWithinItsRadius()
    {
        // A new stop on the plane 300 m east of a town no station reaches.
        var towns = TownProjection.Towns(TwinCatalog.Load(), PlanningData.Towns, 2020);
        var calculator = new CoverageCalculator(towns);
        var stations = FacilitySets.Find("stations")!;
        var reach = calculator.Reach(stations.Facilities, 500);
        var target = Enumerable.Range(0, towns.Count).Where(i => reach[i].Length == 0).MaxBy(i => towns[i].Population);
        var plane = PlaneRectangular.ToPlane(towns[target].Lat, towns[target].Lon);
        var (lat, lon) = PlaneRectangular.ToGeographic(plane.X + 300, plane.Y);
        var expected = Enumerable.Range(0, towns.Count)
            .Where(i => reach[i].Length == 0 && towns[i].Population > 0
                && PlaneRectangular.ToPlane(towns[i].Lat, towns[i].Lon).Distance(new(plane.X + 300, plane.Y)) <= 500)
            .Select(i => towns[i].Id).Order(StringComparer.Ordinal).ToArray();
        Assert.Contains(towns[target].Id, expected);

        var output = await RunAsync(("facilities", "stations"),
            ("add", FormattableString.Invariant($"{lat:R},{lon:R}")));
        using var doc = JsonDocument.Parse(output.ResultJson);
        var whatIf = doc.RootElement.GetProperty("whatIf");
        Assert.Equal(expected, whatIf.GetProperty("gained").GetProperty("towns").EnumerateArray().Select(t => t.GetProperty("id").GetString()));
        Assert.Equal(0, whatIf.GetProperty("lost").GetProperty("population").GetInt64());
        Assert.Equal("new-1", whatIf.GetProperty("added")[0].GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("year", "2019")]
    [InlineData("year", "twenty")]
    [InlineData("facilities", "shops")]
    [InlineData("radius", "-5")]
    [InlineData("radius", "12.5")]
    [InlineData("remove", "no-such-office")]
    [InlineData("add", "40.0,140.0")]
    [InlineData("add", "富山駅駅")]
    [InlineData("add", "office-1")]
    public async Task ABadParameterIsRefusedByName(string option, string value)
    {
        var e = await Assert.ThrowsAsync<ScenarioParameterException>(() => RunAsync((option, value)));
        Assert.Equal(option, e.Parameter);
    }

    [Fact]
    public void EveryOptionHasADefault()
    {
        Assert.Equal(["year", "facilities", "radius", "add", "remove"], Scenario.Options.Select(o => o.Name));
        Assert.All(Scenario.Options, o => Assert.NotNull(o.Default));
        Assert.Equal("coverage", Scenario.Name);
    }

    [Fact]
    public void TheRegistryFindsItByName()
    {
        using var services = new ServiceCollection().AddCoverageScenario().AddCoverageScenario().AddSingleton<SimulationScenarios>().BuildServiceProvider();
        var registry = services.GetRequiredService<SimulationScenarios>();
        Assert.IsType<CoverageScenario>(registry.Find("coverage"));
        Assert.Single(registry.All);
    }
}
