using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Twin.Catalog;
using Twin.Durability.Tests.Infrastructure;
using Twin.Grains.Abstractions;

namespace Twin.Silo.Tests.Api;

/// <summary>The Grafana dashboard and the Prometheus rules in <c>dashboards/</c> query what the silo really exports.</summary>
[Collection(TwinAppCollection.Name)]
public sealed partial class DashboardTests(TwinAppFixture app)
{
    private static readonly string[] Prefixes = ["twin_", "microsoft_", "process_", "dotnet_", "system_runtime_"];

    private const string Viewers = "microsoft_aspnetcore_http_connections_signalr_server_active_connections";

    private static string Dashboards => Path.Combine(Repository.Root, "dashboards");

    /// <summary>Every PromQL expression of the dashboards (their targets) and of the alert rules, with where it is.</summary>
    private static List<(string Where, string Expr)> Expressions()
    {
        var found = new List<(string, string)>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Dashboards, "grafana", "dashboards"), "*.json"))
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            Walk(doc.RootElement, Path.GetFileName(file), found);
        }
        var rules = Path.Combine(Dashboards, "prometheus", "twin-alerts.yml");
        foreach (var line in File.ReadLines(rules))
        {
            if (ExprLine().Match(line) is { Success: true } m)
            {
                found.Add(("twin-alerts.yml", m.Groups[1].Value));
            }
        }
        return found;
    }

    private static void Walk(JsonElement e, string where, List<(string, string)> found)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject())
                {
                    if (p.Name == "expr" && p.Value.ValueKind == JsonValueKind.String)
                    {
                        found.Add((where, p.Value.GetString()!));
                    }
                    else
                    {
                        Walk(p.Value, where, found);
                    }
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in e.EnumerateArray())
                {
                    Walk(item, where, found);
                }
                break;
        }
    }

    /// <summary>The metric names an expression reads: label matchers, ranges and grouping clauses removed first.</summary>
    private static IEnumerable<string> MetricNames(string expr)
    {
        var bare = Grouping().Replace(Ranges().Replace(Matchers().Replace(Quoted().Replace(expr, "\"\""), ""), ""), "");
        return Identifier().Matches(bare).Select(m => m.Value).Where(n => Prefixes.Any(p => n.StartsWith(p, StringComparison.Ordinal))).Distinct();
    }

    [Fact]
    public void TheDashboardAndTheRulesHaveQueries()
    {
        var expressions = Expressions();
        Assert.Contains(expressions, e => e.Where == "twin-overview.json");
        Assert.True(expressions.Count(e => e.Where == "twin-alerts.yml") >= 5, "the alert rules should have their expressions on one line each");
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Dashboards, "grafana", "dashboards", "twin-overview.json")));
        var ids = doc.RootElement.GetProperty("panels").EnumerateArray().Select(p => p.GetProperty("id").GetInt32()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal("toyama-twin-overview", doc.RootElement.GetProperty("uid").GetString());
    }

    [Fact]
    public async Task EveryMetricTheDashboardAndTheRulesQueryIsOneTheSiloExports()
    {
        var ct = TestContext.Current.CancellationToken;
        // Traffic first, so that what is exported on first use exists: a reading, a viewer.
        var gauge = app.Services.GetRequiredService<TwinCatalog>().Devices.Where(d => d.Kind == DeviceKind.RiverGauge).Skip(20).First();
        var ts = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        var (exit, output) = await app.MosquittoPubAsync($"toyama/river-gauge/{gauge.Id}/up", $$"""{"ts":"{{ts}}","seq":1,"level_m":0.5}""");
        Assert.True(exit == 0, output);
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(app.Server.BaseAddress, "/hubs/twin"), o =>
            {
                o.HttpMessageHandlerFactory = _ => app.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
                o.AccessTokenProvider = app.TokenProvider(TestAccounts.Operator);
            })
            .Build();
        await hub.StartAsync(ct);
        await hub.InvokeAsync("SubscribeCity", ct);

        // The city figures are read when the silo starts and every 15 s after.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        HashSet<string> exported;
        while (true)
        {
            var text = await app.Http.GetStringAsync("/metrics", timeout.Token);
            exported = text.Split('\n')
                .Where(l => l.Length > 0 && l[0] != '#')
                .Select(l => l[..l.IndexOfAny([' ', '{'])])
                .ToHashSet(StringComparer.Ordinal);
            if (exported.Contains("twin_state_devices") && exported.Contains(Viewers))
            {
                break;
            }
            try
            {
                await Task.Delay(100, timeout.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                Assert.Fail("The silo did not export the city figures and its viewers within 30 s. Exported:\n" + string.Join('\n', exported.Order()));
            }
        }

        var missing = Expressions()
            .SelectMany(e => MetricNames(e.Expr).Select(n => (e.Where, Name: n)))
            .Where(x => !exported.Contains(x.Name))
            .Select(x => $"{x.Where}: {x.Name}")
            .Distinct()
            .ToList();
        Assert.True(missing.Count == 0, "Queried but not exported:\n" + string.Join('\n', missing)
            + "\n\nExported:\n" + string.Join('\n', exported.Where(n => Prefixes.Any(p => n.StartsWith(p, StringComparison.Ordinal))).Order()));
    }

    [Theory]
    [InlineData("check", "rules", "twin-alerts.yml")]
    [InlineData("check", "config", "prometheus.yml")]
    [InlineData("test", "rules", "twin-alerts.test.yml")]
    public async Task PromtoolAcceptsTheRulesTheConfigAndTheRuleTests(string command, string what, string file)
    {
        // Debian's prometheus package (test.sh installs it): the rules parse, and their unit tests pass.
        var psi = new System.Diagnostics.ProcessStartInfo("promtool")
        {
            WorkingDirectory = Path.Combine(Dashboards, "prometheus"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in new[] { command, what, file })
        {
            psi.ArgumentList.Add(a);
        }
        using var process = System.Diagnostics.Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(process.ExitCode == 0, $"promtool {command} {what} {file} exited {process.ExitCode}:\n{await stdout}\n{await stderr}");
    }

    [Fact]
    public void NamesAreFoundInExpressions()
    {
        Assert.Equal(["twin_state_devices"], MetricNames("sum by (status) (max by (district, kind, status) (twin_state_devices))"));
        Assert.Equal(["twin_ingestion_seconds_bucket"], MetricNames("histogram_quantile(0.99, sum by (le) (rate(twin_ingestion_seconds_bucket[$__rate_interval])))"));
        Assert.Equal(["twin_state_pumps"], MetricNames("max by (district) (twin_state_pumps{state=~\"fault|low-water\"})"));
    }

    [GeneratedRegex(@"^\s*expr:\s*(.+?)\s*$")]
    private static partial Regex ExprLine();

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex Quoted();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Matchers();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Ranges();

    [GeneratedRegex(@"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex Grouping();

    [GeneratedRegex(@"[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex Identifier();
}
