using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Twin.Catalog;

namespace Twin.Silo.Tests.Api;

[Collection(TwinAppCollection.Name)]
public sealed class TwinApiTests(TwinAppFixture app)
{
    private TwinCatalog Catalog => app.Services.GetRequiredService<TwinCatalog>();

    [Fact]
    public async Task DistrictsAreTheSevenFormerMunicipalitiesWithNamesAndPopulations()
    {
        var districts = await app.Http.GetFromJsonAsync<JsonElement>("/api/districts", TestContext.Current.CancellationToken);
        var ids = districts.EnumerateArray().Select(d => d.GetProperty("id").GetString()).ToArray();
        Assert.Equal(["toyama", "osawano", "oyama", "yatsuo", "fuchu", "yamada", "hosoiri"], ids);
        var toyama = districts[0];
        Assert.Equal("富山", toyama.GetProperty("nameJa").GetString());
        Assert.Equal("Toyama", toyama.GetProperty("nameEn").GetString());
        Assert.Equal(399_759, districts.EnumerateArray().Sum(d => d.GetProperty("population").GetInt32()));
        Assert.True(toyama.GetProperty("counts").GetProperty("total").GetInt32() > 0);
        Assert.False(string.IsNullOrEmpty(toyama.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task DevicesOfEveryKindAreListedAndThereAreAtLeastThreeHundredPumps()
    {
        var pumps = await app.Http.GetFromJsonAsync<JsonElement>("/api/devices?kind=snow-pump", TestContext.Current.CancellationToken);
        Assert.True(pumps.GetArrayLength() >= 300);
        Assert.All(pumps.EnumerateArray(), p => Assert.Equal("snow-pump", p.GetProperty("kind").GetString()));

        var all = await app.Http.GetFromJsonAsync<JsonElement>("/api/devices", TestContext.Current.CancellationToken);
        Assert.Equal(Catalog.Devices.Count, all.GetArrayLength());
        var kinds = all.EnumerateArray().Select(d => d.GetProperty("kind").GetString()).ToHashSet();
        Assert.Equal(["river-gauge", "snow-pump", "bridge-joint", "child-tracker", "env-sensor"], kinds.Order().ToArray() is var k ? kinds : kinds);
        Assert.Equal(5, kinds.Count);
    }

    [Fact]
    public async Task DevicesFilterByDistrictAndPageOnlyWhenAsked()
    {
        var ct = TestContext.Current.CancellationToken;
        var yatsuo = await app.Http.GetFromJsonAsync<JsonElement>("/api/devices?district=yatsuo", ct);
        Assert.Equal(Catalog.DevicesIn("yatsuo").Count, yatsuo.GetArrayLength());
        var page = await app.Http.GetFromJsonAsync<JsonElement>("/api/devices?district=yatsuo&limit=5&offset=2", ct);
        Assert.Equal(5, page.GetArrayLength());
        Assert.Equal(yatsuo[2].GetProperty("id").GetString(), page[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task ADeviceCarriesEveryFieldOfTheWireContract()
    {
        var gauge = Catalog.Devices.First(d => d.Kind == Grains.Abstractions.DeviceKind.RiverGauge);
        var d = await app.Http.GetFromJsonAsync<JsonElement>($"/api/devices/{gauge.Id}", TestContext.Current.CancellationToken);
        foreach (var field in new[] { "id", "kind", "district", "name", "position", "devEui", "status", "health", "reading", "thresholds" })
        {
            Assert.True(d.TryGetProperty(field, out _), $"missing {field}");
        }
        Assert.Equal(gauge.DevEui, d.GetProperty("devEui").GetString());
        Assert.True(d.GetProperty("position").GetProperty("generated").GetBoolean());
        foreach (var key in new[] { "standby_m", "caution_m", "evacuation_m", "danger_m", "rise_m_per_10min" })
        {
            Assert.True(d.GetProperty("thresholds").TryGetProperty(key, out _), $"missing threshold {key}");
        }
        Assert.Equal(gauge.Profile.ExpectedIntervalS, d.GetProperty("health").GetProperty("expectedIntervalS").GetInt32());
    }

    [Fact]
    public async Task AChildTrackerNeverShowsAPosition()
    {
        var ct = TestContext.Current.CancellationToken;
        var children = await app.Http.GetFromJsonAsync<JsonElement>("/api/devices?kind=child-tracker&limit=3", ct);
        var child = await app.Http.GetFromJsonAsync<JsonElement>($"/api/devices/{children[0].GetProperty("id").GetString()}", ct);
        // Listed and shown as {id, kind, district, name, consent} only, even to an admin.
        Assert.All(children.EnumerateArray().Append(child),
            c => Assert.Equal(["id", "kind", "district", "name", "consent"], c.EnumerateObject().Select(p => p.Name)));
    }

    [Theory]
    [InlineData("/api/devices/no-such-device", HttpStatusCode.NotFound)]
    [InlineData("/api/districts/atlantis", HttpStatusCode.NotFound)]
    [InlineData("/api/rivers/no-such-river", HttpStatusCode.NotFound)]
    [InlineData("/api/devices?kind=toaster", HttpStatusCode.BadRequest)]
    [InlineData("/api/devices?district=atlantis", HttpStatusCode.BadRequest)]
    [InlineData("/api/devices?limit=-1", HttpStatusCode.BadRequest)]
    [InlineData("/api/devices?limit=abc", HttpStatusCode.BadRequest)]
    [InlineData("/api/nothing-here", HttpStatusCode.NotFound)]
    public async Task BadRequestsGetProblemDetailsNeverAServerError(string url, HttpStatusCode expected)
    {
        var response = await app.Http.GetAsync(url, TestContext.Current.CancellationToken);
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task AnUnknownDeviceDoesNotBecomeAFreshGrain()
    {
        var response = await app.Http.GetAsync("/api/devices/rg-not-real", TestContext.Current.CancellationToken);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Contains("rg-not-real", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task CityRiversHealthMetricsAndOpenApiAnswer()
    {
        var ct = TestContext.Current.CancellationToken;
        var city = await app.Http.GetFromJsonAsync<JsonElement>("/api/city", ct);
        Assert.Equal(7, city.GetProperty("districts").GetArrayLength());
        Assert.Equal(Catalog.Devices.Count, city.GetProperty("counts").GetProperty("total").GetInt32());
        var rivers = await app.Http.GetFromJsonAsync<JsonElement>("/api/rivers", ct);
        Assert.Equal(Catalog.Segments.Count, rivers.GetArrayLength());
        var health = await app.Http.GetAsync("/health", ct);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var checks = (await health.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("checks");
        foreach (var check in new[] { "grains", "history", "mqtt" })
        {
            Assert.Equal("healthy", checks.GetProperty(check).GetProperty("status").GetString());
        }
        Assert.Contains("embedded MQTT broker", checks.GetProperty("mqtt").GetProperty("description").GetString());
        Assert.Equal(HttpStatusCode.OK, (await app.Http.GetAsync("/metrics", ct)).StatusCode);
        var openApi = await app.Http.GetFromJsonAsync<JsonElement>("/openapi/v1.json", ct);
        Assert.True(openApi.GetProperty("paths").TryGetProperty("/api/devices/{id}", out _));
    }
}
