using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Twin.Silo.Tests.Planning;

[Collection(TwinAppCollection.Name)]
public sealed class PlanningApiTests(TwinAppFixture app)
{
    [Fact]
    public async Task PopulationListsEachDistrictFrom2005To2065()
    {
        using var http = app.CreateClientAs(TestAccounts.Planner);
        var body = await http.GetFromJsonAsync<JsonElement>("/api/planning/population", TestContext.Current.CancellationToken);
        Assert.Equal(Enumerable.Range(0, 13).Select(i => 2005 + 5 * i), body.GetProperty("years").EnumerateArray().Select(y => y.GetInt32()));
        var districts = body.GetProperty("districts").EnumerateArray().ToArray();
        Assert.Equal(["toyama", "osawano", "oyama", "yatsuo", "fuchu", "yamada", "hosoiri"], districts.Select(d => d.GetProperty("id").GetString()));
        // population_projection.csv: 富山 325,347 in 2005 and 247,733 in 2065; 細入 1,685 → 325.
        Assert.Equal(325_347, districts[0].GetProperty("population")[0].GetInt32());
        Assert.Equal(247_733, districts[0].GetProperty("population")[12].GetInt32());
        Assert.Equal(325, districts[6].GetProperty("population")[12].GetInt32());
    }

    [Fact]
    public async Task CoverageIsAGeoJsonLayerOf500MetreCellsForTheYearAndSet()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = app.CreateClientAs(TestAccounts.Planner);
        using var response = await http.GetAsync("/api/planning/coverage?year=2040&facilities=admin", ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/geo+json", response.Content.Headers.ContentType?.MediaType);
        var geo = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal(("FeatureCollection", 2040, "admin", 2000), (geo.GetProperty("type").GetString(), geo.GetProperty("year").GetInt32(),
            geo.GetProperty("facilityType").GetString(), geo.GetProperty("radiusM").GetInt32()));
        var cells = geo.GetProperty("features").EnumerateArray().ToArray();
        Assert.True(cells.Length > 300, $"{cells.Length} cells");
        // The cells add up to the layer's totals, which are the districts' 2040 projections: 374,305 (the source's own
        // city row says 374,306, its rounding).
        Assert.Equal(geo.GetProperty("population").GetInt64(), cells.Sum(c => c.GetProperty("properties").GetProperty("population").GetInt64()));
        Assert.Equal(geo.GetProperty("covered").GetInt64(), cells.Sum(c => c.GetProperty("properties").GetProperty("covered").GetInt64()));
        Assert.Equal(374_305, geo.GetProperty("population").GetInt64());
        Assert.All(cells, c =>
        {
            var p = c.GetProperty("properties");
            Assert.Equal(p.GetProperty("population").GetInt64(), p.GetProperty("covered").GetInt64() + p.GetProperty("uncovered").GetInt64());
            Assert.Equal(9, p.GetProperty("mesh").GetString()!.Length);
            Assert.Equal(5, c.GetProperty("geometry").GetProperty("coordinates")[0].GetArrayLength());
        });

        // A smaller radius covers fewer people.
        var narrow = await http.GetFromJsonAsync<JsonElement>("/api/planning/coverage?year=2040&facilities=admin&radius=500", ct);
        Assert.True(narrow.GetProperty("covered").GetInt64() < geo.GetProperty("covered").GetInt64());
    }

    [Theory]
    [InlineData("year=2019")]
    [InlineData("year=soon")]
    [InlineData("facilities=shops")]
    [InlineData("radius=0")]
    [InlineData("radius=-1")]
    public async Task BadInputIsA400ProblemDetails(string query)
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = app.CreateClientAs(TestAccounts.Planner);
        using var response = await http.GetAsync("/api/planning/coverage?" + query, ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
    }

    [Theory]
    [InlineData(TestAccounts.School, HttpStatusCode.Forbidden)]
    [InlineData(TestAccounts.Monitor, HttpStatusCode.Forbidden)]
    [InlineData(TestAccounts.Operator, HttpStatusCode.OK)]
    public async Task PlanningNeedsTheAggregatesRole(string account, HttpStatusCode expected)
    {
        using var http = app.CreateClientAs(account);
        using var response = await http.GetAsync("/api/planning/population", TestContext.Current.CancellationToken);
        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task NotSignedInIsRefused()
    {
        using var http = app.CreateClient();
        using var response = await http.GetAsync("/api/planning/coverage", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
