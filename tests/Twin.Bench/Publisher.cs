using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Twin.Durability.Tests.Infrastructure;

namespace Twin.Bench;

/// <summary>What the publisher process reports (its <c>--json</c> summary line).</summary>
public sealed record PublishResult(long Sent, long Acknowledged, long Rejected, long Errors, double ElapsedS, double SentPerS, double AcknowledgedPerS, double? P50Ms, double? P99Ms);

/// <summary>The device simulator as a separate process, the way a real fleet is outside the twin.</summary>
public static class Publisher
{
    private static readonly Lazy<string> Dll = new(() => Find("clients", "Twin.Simulator", "Twin.Simulator.dll"));

    /// <summary>Runs the simulator with these arguments (plus <c>--json</c>) and returns its summary; it signs in as the test fleet account.</summary>
    public static async Task<PublishResult> RunAsync(int port, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Dll.Value);
        foreach (var a in (string[])["--host", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture), "--non-consenting", "0",
                     "--username", Twin.Tests.Shared.MqttTestCredentials.FleetUsername, .. args, "--json"])
        {
            psi.ArgumentList.Add(a);
        }
        psi.Environment["DOTNET_gcServer"] = "0";
        psi.Environment["TWIN_MQTT_PASSWORD"] = Twin.Tests.Shared.MqttTestCredentials.FleetPassword;
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var line = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(l => l.StartsWith('{'));
        if (line is null)
        {
            throw new InvalidOperationException($"The publisher printed no summary (exit {process.ExitCode}): {await stderr}");
        }
        return JsonSerializer.Deserialize<PublishResult>(line, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }

    /// <summary>A project's output next to this benchmark's (same configuration and framework).</summary>
    public static string Find(string folder, string project, string dll)
    {
        var configuration = typeof(Publisher).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var path = Path.Combine(Repository.Root, folder, project, "bin", configuration, new DirectoryInfo(AppContext.BaseDirectory).Name, dll);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{dll} not found at {path}: build the benchmark (it builds {project}).");
    }
}
