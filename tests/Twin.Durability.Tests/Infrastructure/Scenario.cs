using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Twin.Storage.Tests.Infrastructure;

namespace Twin.Durability.Tests.Infrastructure;

/// <summary>
/// One test's world: a temp folder, throwaway PostgreSQL databases, the silo processes it started and a fixed
/// service id. Run the test body through <see cref="RunAsync"/>: on failure every silo's output goes to the test
/// output; afterwards every process is killed and every database dropped.
/// </summary>
public sealed class Scenario : IAsyncDisposable
{
    private readonly List<SiloProcess> _silos = [];
    private readonly List<string> _databases = [];

    private Scenario(string name)
    {
        Name = name;
        var id = Guid.NewGuid().ToString("N")[..10];
        ClusterId = $"durability-{id}";
        // Fixed per test: state rows are keyed by it, so a restarted silo must reuse it.
        ServiceId = $"durability-{name}";
        Directory = System.IO.Directory.CreateTempSubdirectory($"twin-durability-{name}-").FullName;
    }

    public string Name { get; }

    public string ClusterId { get; }

    public string ServiceId { get; }

    /// <summary>This test's temp folder (deleted afterwards).</summary>
    public string Directory { get; }

    /// <summary>Runs a test body; shows the silos' output when it fails.</summary>
    public static async Task RunAsync(string name, Func<Scenario, Task> body)
    {
        await using var scenario = new Scenario(name);
        try
        {
            await body(scenario);
        }
        catch
        {
            scenario.WriteLogs();
            throw;
        }
    }

    /// <summary>Settings for a silo of this scenario (its cluster id and service id).</summary>
    public SiloSettings Silo(string name) => new(name, ClusterId, ServiceId);

    /// <summary>Starts a silo and keeps it for clean-up and logs.</summary>
    public async Task<SiloProcess> StartAsync(SiloSettings settings)
    {
        var silo = await SiloProcess.StartAsync(settings, ct: TestContext.Current.CancellationToken);
        _silos.Add(silo);
        return silo;
    }

    /// <summary>A fresh PostgreSQL database, dropped afterwards.</summary>
    public async Task<string> CreatePostgresDatabaseAsync()
    {
        var cs = await PostgresServer.CreateDatabaseAsync("twin_durability");
        _databases.Add(cs);
        return cs;
    }

    private void WriteLogs()
    {
        var output = TestContext.Current.TestOutputHelper;
        if (output is null)
        {
            return;
        }
        foreach (var silo in _silos)
        {
            output.WriteLine($"===== {silo.Settings.Name} (pid {silo.ProcessId}, http {silo.HttpPort}, mqtt {silo.MqttPort}, silo {silo.SiloPort}, gateway {silo.GatewayPort}) =====");
            output.WriteLine(Tail(silo.Log, 400));
        }
    }

    private static string Tail(string log, int lines)
    {
        var all = log.Split('\n');
        return all.Length <= lines ? log : $"… ({all.Length - lines} earlier lines left out)\n" + string.Join('\n', all[^lines..]);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }
        foreach (var cs in _databases)
        {
            try
            {
                await PostgresServer.DropDatabaseAsync(cs);
            }
            catch (Npgsql.NpgsqlException)
            {
                // Left behind; its name says what made it.
            }
        }
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>The silo's REST API as the tests read it.</summary>
public static class TwinApi
{
    /// <summary>Ids of the devices of a kind, from <c>GET /api/devices?kind=</c>.</summary>
    public static async Task<List<string>> DeviceIdsAsync(this SiloProcess silo, string kind, CancellationToken ct = default)
    {
        var list = await silo.Http.GetFromJsonAsync<JsonElement>($"/api/devices?kind={kind}", ct);
        return [.. list.EnumerateArray().Select(d => d.GetProperty("id").GetString()!)];
    }

    /// <summary><c>GET /api/devices/{id}</c>; throws <see cref="PollRetryException"/> on a non-200 answer so polls retry it.</summary>
    public static Task<JsonElement> DeviceAsync(this SiloProcess silo, string id, CancellationToken ct = default) =>
        silo.GetJsonAsync($"/api/devices/{Uri.EscapeDataString(id)}", ct);

    /// <summary><c>GET /api/districts/{id}</c>: the district's summary (status, counts, pumps, …).</summary>
    public static Task<JsonElement> DistrictAsync(this SiloProcess silo, string id, CancellationToken ct = default) =>
        silo.GetJsonAsync($"/api/districts/{Uri.EscapeDataString(id)}", ct);

    /// <summary><c>GET /api/city</c>: the city's summary.</summary>
    public static Task<JsonElement> CityAsync(this SiloProcess silo, CancellationToken ct = default) => silo.GetJsonAsync("/api/city", ct);

    /// <summary>Device id → status as the district lists them (<c>GET /api/devices?district=&amp;kind=</c>), without activating the devices.</summary>
    public static async Task<Dictionary<string, string>> DeviceStatusesAsync(this SiloProcess silo, string district, string kind, CancellationToken ct = default)
    {
        var list = await silo.GetJsonAsync($"/api/devices?district={Uri.EscapeDataString(district)}&kind={Uri.EscapeDataString(kind)}", ct);
        return list.EnumerateArray().ToDictionary(d => d.GetProperty("id").GetString()!, d => d.GetProperty("status").GetString()!, StringComparer.Ordinal);
    }

    /// <summary>A JSON GET; throws <see cref="PollRetryException"/> on a non-200 answer so polls retry it.</summary>
    private static async Task<JsonElement> GetJsonAsync(this SiloProcess silo, string url, CancellationToken ct)
    {
        using var response = await silo.Http.GetAsync(url, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new PollRetryException($"GET {url} on {silo.Settings.Name} answered {(int)response.StatusCode}: {Truncate(body)}");
        }
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>The seq of the device's live reading, or null when it has none.</summary>
    public static long? ReadingSeq(JsonElement device) =>
        device.GetProperty("reading") is { ValueKind: JsonValueKind.Object } r ? r.GetProperty("seq").GetInt64() : null;

    /// <summary>Raw readings of <c>GET /api/devices/{id}/history?from=&amp;to=</c>.</summary>
    public static async Task<List<JsonElement>> HistoryAsync(this SiloProcess silo, string id, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        var url = $"/api/devices/{Uri.EscapeDataString(id)}/history?from={Uri.EscapeDataString(Iso(from))}&to={Uri.EscapeDataString(Iso(to))}";
        return [.. (await silo.GetJsonAsync(url, ct)).EnumerateArray()];
    }

    /// <summary>ISO-8601 with an offset, as the wire contract wants.</summary>
    public static string Iso(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);

    private static string Truncate(string s) => s.Length <= 300 ? s : s[..300] + "…";
}

/// <summary>One collection for every test here: the silos they start each want the machine's two cores, so they run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SiloProcesses
{
    public const string Name = "Silo processes";
}
