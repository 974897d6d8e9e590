using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Twin.Durability.Tests.Infrastructure;

/// <summary>
/// Prometheus (Debian's <c>prometheus</c> package) as a child process on a free port, scraping one silo every
/// second with the project's scrape configuration and alert rules (<c>dashboards/prometheus</c>). Killed on dispose.
/// </summary>
public sealed class PrometheusProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ProcessOutput _output = new();

    private PrometheusProcess(Process process, int port)
    {
        _process = process;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}") };
    }

    /// <summary>A client for Prometheus' HTTP API.</summary>
    public HttpClient Http { get; }

    /// <summary>Everything Prometheus wrote so far.</summary>
    public string Log => _output.ToString();

    /// <summary>Starts Prometheus scraping the silo on <paramref name="siloHttpPort"/> and waits until it is ready.</summary>
    public static async Task<PrometheusProcess> StartAsync(string directory, int siloHttpPort, CancellationToken ct)
    {
        var prometheusDir = Path.Combine(Repository.Root, "dashboards", "prometheus");
        // The project's scrape configuration with this test's silo as the target and a one-second interval.
        var config = File.ReadAllText(Path.Combine(prometheusDir, "prometheus.yml"))
            .Replace("scrape_interval: 15s", "scrape_interval: 1s", StringComparison.Ordinal)
            .Replace("evaluation_interval: 15s", "evaluation_interval: 1s", StringComparison.Ordinal)
            .Replace("- twin-alerts.yml", "- " + Path.Combine(prometheusDir, "twin-alerts.yml"), StringComparison.Ordinal)
            .Replace("\"localhost:5080\"", $"\"127.0.0.1:{siloHttpPort.ToString(CultureInfo.InvariantCulture)}\"", StringComparison.Ordinal);
        if (!config.Contains($"127.0.0.1:{siloHttpPort.ToString(CultureInfo.InvariantCulture)}", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("dashboards/prometheus/prometheus.yml no longer has the target \"localhost:5080\" this test replaces.");
        }
        var configPath = Path.Combine(directory, "prometheus.yml");
        await File.WriteAllTextAsync(configPath, config, ct);
        // The scrape signs in as the silo's monitor account; the password file is read relative to the configuration.
        if (!config.Contains("username: " + SiloAccounts.Monitor, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"dashboards/prometheus/prometheus.yml no longer signs in as '{SiloAccounts.Monitor}', the account the test silos have.");
        }
        await File.WriteAllTextAsync(Path.Combine(directory, "twin-monitor.password"), SiloAccounts.MonitorPassword, ct);

        var port = FreePorts.Take(1)[0];
        var info = new ProcessStartInfo("prometheus");
        info.ArgumentList.Add("--config.file=" + configPath);
        info.ArgumentList.Add("--storage.tsdb.path=" + Path.Combine(directory, "prometheus-data"));
        info.ArgumentList.Add("--web.listen-address=127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture));
        var process = new Process { StartInfo = info };
        var prometheus = new PrometheusProcess(process, port);
        try
        {
            prometheus._output.Start(process, "prometheus");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("prometheus is not installed: ./test.sh installs it (Debian package 'prometheus').", ex);
        }
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
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }
        _process.Dispose();
    }
}
