using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Twin.Catalog;
using Twin.Grains.Abstractions;

namespace Twin.Silo.Tests.Api;

/// <summary>A silo whose callers may ask for history three times a minute.</summary>
public sealed class LowHistoryLimitFixture : WebApplicationFactory<Program>
{
    public const int PerMinute = 3;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        TwinAppFixture.Isolate(builder, "history-limit");
        builder.UseSetting("Twin:Api:HistoryRequestsPerMinute", PerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}

/// <summary>History is read from the database on every request, so each caller gets only so many a minute.</summary>
public sealed class HistoryRateLimitTests(LowHistoryLimitFixture silo) : IClassFixture<LowHistoryLimitFixture>
{
    [Fact]
    public async Task ACallerOverTheHistoryLimitGets429WithRetryAfterAndOtherEndpointsStillAnswer()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = silo.CreateClientAs(TestAccounts.Operator);
        var gauge = silo.Services.GetRequiredService<TwinCatalog>().Devices.First(d => d.Kind == DeviceKind.RiverGauge);
        var url = $"/api/devices/{gauge.Id}/history";

        for (var i = 0; i < LowHistoryLimitFixture.PerMinute; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(url, ct)).StatusCode);
        }
        using var refused = await http.GetAsync(url, ct);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.Contains("3 history requests a minute", problem.GetProperty("detail").GetString());
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));

        // Only the history is limited.
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/api/devices/{gauge.Id}", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/city", ct)).StatusCode);
    }
}
