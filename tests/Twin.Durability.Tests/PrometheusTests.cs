using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
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

/// <summary>Prometheus as a child process on a free port, scraping one silo every second with the project's rules.</summary>
public sealed class PrometheusProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private PrometheusProcess(Process process, int port)
    {
        _process = process;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}") };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
    }

    public HttpClient Http { get; }

    public static async Task<PrometheusProcess> StartAsync(string directory, int siloHttpPort, CancellationToken ct)
    {
        var root = Root();
        var rules = Path.Combine(root, "dashboards", "prometheus", "twin-alerts.yml");
        // The project's scrape configuration with this test's silo as the target and a one-second interval.
        var config = File.ReadAllText(Path.Combine(root, "dashboards", "prometheus", "prometheus.yml"))
            .Replace("scrape_interval: 15s", "scrape_interval: 1s", StringComparison.Ordinal)
            .Replace("evaluation_interval: 15s", "evaluation_interval: 1s", StringComparison.Ordinal)
            .Replace("- twin-alerts.yml", "- " + rules, StringComparison.Ordinal)
            .Replace("\"localhost:5080\"", $"\"127.0.0.1:{siloHttpPort.ToString(CultureInfo.InvariantCulture)}\"", StringComparison.Ordinal);
        Assert.Contains(siloHttpPort.ToString(CultureInfo.InvariantCulture), config);
        var configPath = Path.Combine(directory, "prometheus.yml");
        await File.WriteAllTextAsync(configPath, config, ct);

        var port = FreePorts.Take(1)[0];
        var psi = new ProcessStartInfo("prometheus") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[]
        {
            "--config.file=" + configPath,
            "--storage.tsdb.path=" + Path.Combine(directory, "prometheus-data"),
            "--web.listen-address=127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture),
        })
        {
            psi.ArgumentList.Add(a);
        }
        Process process;
        try
        {
            process = Process.Start(psi)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("prometheus is not installed: ./test.sh installs it (Debian package 'prometheus').", ex);
        }
        var prometheus = new PrometheusProcess(process, port);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await Poll.UntilAsync("Prometheus is ready", TimeSpan.FromSeconds(60), async token =>
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"prometheus exited with {process.ExitCode}:\n{prometheus.Log}");
                }
                try
                {
                    using var response = await prometheus.Http.GetAsync("/-/ready", token);
                    return response.IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            }, ct);
        }
        catch
        {
            await prometheus.DisposeAsync();
            throw;
        }
        return prometheus;
    }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>The value of an instant query that returns one series, or null when it returns none.</summary>
    public async Task<double?> ScalarAsync(string query, CancellationToken ct)
    {
        using var doc = await Http.GetFromJsonAsync<JsonDocument>("/api/v1/query?query=" + Uri.EscapeDataString(query), ct);
        var result = doc!.RootElement.GetProperty("data").GetProperty("result");
        return result.GetArrayLength() == 0
            ? null
            : double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    private static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Twin.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new DirectoryNotFoundException("Twin.sln not found above the test's folder.");
    }
}
