using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Twin.Catalog;
using Twin.Grains.Abstractions;

namespace Twin.Silo.Tests.Api;

/// <summary>The OpenAPI document describes the wire contract's responses with schemas that name what the API really writes.</summary>
[Collection(TwinAppCollection.Name)]
public sealed class OpenApiTests(TwinAppFixture app)
{
    private TwinCatalog Catalog => app.Services.GetRequiredService<TwinCatalog>();

    private Task<JsonElement> DocumentAsync() =>
        app.Http.GetFromJsonAsync<JsonElement>("/openapi/v1.json", TestContext.Current.CancellationToken);

    [Theory]
    [InlineData("/api/city", "CityDto", false)]
    [InlineData("/api/districts", "DistrictDto", true)]
    [InlineData("/api/districts/{id}", "DistrictDto", false)]
    [InlineData("/api/districts/{id}/children/cells", "CellCountDto", true)]
    [InlineData("/api/rivers", "RiverSegmentDto", true)]
    [InlineData("/api/rivers/{segmentId}", "RiverSegmentDto", false)]
    [InlineData("/api/devices", "DeviceSummaryDto", true)]
    [InlineData("/api/devices/{id}", "DeviceDto", false)]
    [InlineData("/api/devices/{id}/history", "ReadingDto", true)]
    public async Task EachResponseOfTheWireContractHasASchema(string path, string schema, bool array)
    {
        var document = await DocumentAsync();
        var json = document.GetProperty("paths").GetProperty(path).GetProperty("get").GetProperty("responses").GetProperty("200")
            .GetProperty("content").GetProperty("application/json").GetProperty("schema");
        var reference = array ? json.GetProperty("items") : json;
        Assert.Equal($"#/components/schemas/{schema}", reference.GetProperty("$ref").GetString());
        Assert.True(document.GetProperty("components").GetProperty("schemas").GetProperty(schema).GetProperty("properties").EnumerateObject().Any());
    }

    [Theory]
    [InlineData("/api/city", "CityDto")]
    [InlineData("/api/districts/toyama", "DistrictDto")]
    [InlineData("/api/rivers/jinzu-middle", "RiverSegmentDto")]
    [InlineData("/api/devices/{gauge}", "DeviceDto")]
    public async Task ASchemaNamesEveryFieldTheResponseCarriesAndEveryRequiredOneIsThere(string url, string schema)
    {
        var ct = TestContext.Current.CancellationToken;
        // (A child tracker answers {id, kind, district, name, consent} only: NothingAboutOneChildLeavesTests.)
        url = url.Replace("{gauge}", Catalog.Devices.First(d => d.Kind == DeviceKind.RiverGauge).Id, StringComparison.Ordinal);
        var response = await app.Http.GetFromJsonAsync<JsonElement>(url, ct);
        var definition = (await DocumentAsync()).GetProperty("components").GetProperty("schemas").GetProperty(schema);

        var served = response.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var described = definition.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var required = definition.GetProperty("required").EnumerateArray().Select(r => r.GetString()!).ToHashSet(StringComparer.Ordinal);
        Assert.Subset(described, served);
        Assert.Subset(served, required);
    }

    [Fact]
    public async Task StatusesAndKindsAreTheirWireNames()
    {
        var schemas = (await DocumentAsync()).GetProperty("components").GetProperty("schemas");
        Assert.Equal(["unknown", "normal", "advisory", "warning", "alarm", "critical"],
            schemas.GetProperty("TwinStatus").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(WireNames.AllKinds.Select(k => k.ToWire()),
            schemas.GetProperty("DeviceKind").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
    }
}
