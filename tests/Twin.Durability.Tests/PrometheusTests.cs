using System.Net.Http.Json;
using System.Text.Json;
using Twin.Durability.Tests.Infrastructure;

namespace Twin.Durability.Tests;

/// <summary>A real Prometheus (Debian's package) scrapes a real silo with the scrape configuration and rules of <c>dashboards/</c>.</summary>
[Collection(SiloProcesses.Name)]
public sealed class PrometheusTests
{
    [Fact]
    public Task PrometheusScrapesTheSiloLoadsTheRulesAndTheDashboardsCityQueryCountsEveryDevice() =>
        Scenario.RunAsync("prometheus", async s =>
        {
            var ct = TestContext.Current.CancellationToken;
            var silo = await s.StartAsync(s.Silo("silo") with { Storage = "Sqlite", SqlitePath = Path.Combine(s.Directory, "twin.db") });
            var devices = (await silo.Http.GetFromJsonAsync<JsonElement>("/api/devices", ct)).GetArrayLength();

            await using var prometheus = await PrometheusProcess.StartAsync(s.Directory, silo.HttpPort, ct);

            // The silo is up for Prometheus, and the overview dashboard's query counts the whole fleet once.
            await Poll.UntilAsync("Prometheus scraped the silo", TimeSpan.FromSeconds(60),
                async token => await prometheus.ScalarAsync("up{job=\"twin\"}", token) == 1, ct);
            await Poll.UntilAsync("the dashboard's device count equals the catalog's", TimeSpan.FromSeconds(60),
                async token => await prometheus.ScalarAsync("sum(max by (district, kind, status) (twin_state_devices))", token) == devices, ct);

            // The alert rules loaded, healthy (their expressions evaluate against the silo's series).
            using var rules = await prometheus.Http.GetFromJsonAsync<JsonDocument>("/api/v1/rules", ct);
            var loaded = rules!.RootElement.GetProperty("data").GetProperty("groups").EnumerateArray()
                .SelectMany(g => g.GetProperty("rules").EnumerateArray()).ToList();
            Assert.Contains(loaded, r => r.GetProperty("name").GetString() == "TwinHistoryWritesFailing");
            await Poll.UntilAsync("every rule evaluated without error", TimeSpan.FromSeconds(60), async token =>
            {
                using var doc = await prometheus.Http.GetFromJsonAsync<JsonDocument>("/api/v1/rules", token);
                var all = doc!.RootElement.GetProperty("data").GetProperty("groups").EnumerateArray()
                    .SelectMany(g => g.GetProperty("rules").EnumerateArray()).ToList();
                var bad = all.Where(r => r.GetProperty("health").GetString() != "ok").Select(r => r.GetProperty("name").GetString()).ToList();
                return all.Count >= 7 && bad.Count == 0;
            }, ct);
            // A healthy silo with a fresh fleet: nothing fires.
            using var alerts = await prometheus.Http.GetFromJsonAsync<JsonDocument>("/api/v1/alerts", ct);
            Assert.DoesNotContain(alerts!.RootElement.GetProperty("data").GetProperty("alerts").EnumerateArray(),
                a => a.GetProperty("state").GetString() == "firing");
        });
}
