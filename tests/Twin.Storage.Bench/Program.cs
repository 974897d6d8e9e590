using System.Collections.Immutable;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Twin.Grains.Abstractions;
using Twin.Storage;
using Twin.Storage.History;
using Twin.Storage.Schema;
using Twin.Storage.Tests.Infrastructure;

// Measures the reading-history writer: rows/s and group-commit batch latency.
// dotnet run -c Release --project tests/Twin.Storage.Bench -- --db sqlite|postgres --rows 500000 [--inflight 20000] [--devices 1000] [--batch 5000]
var arguments = ParseArguments(args);
var db = arguments.GetValueOrDefault("db", "sqlite");
var rows = int.Parse(arguments.GetValueOrDefault("rows", "500000"), CultureInfo.InvariantCulture);
var inflight = int.Parse(arguments.GetValueOrDefault("inflight", "20000"), CultureInfo.InvariantCulture);
var devices = int.Parse(arguments.GetValueOrDefault("devices", "1000"), CultureInfo.InvariantCulture);
var maxBatch = int.Parse(arguments.GetValueOrDefault("batch", "5000"), CultureInfo.InvariantCulture);

var settings = new TwinStorageOptions.HistorySettings { MaxBatchSize = maxBatch, QueueCapacity = Math.Max(maxBatch, inflight) };
string? cleanupPostgres = null;
string? cleanupSqlite = null;
GroupCommitReadingHistory history;
switch (db)
{
    case "sqlite":
        var directory = Path.Combine(Path.GetTempPath(), "twin-bench-" + Guid.NewGuid().ToString("N"));
        cleanupSqlite = directory;
        var path = Path.Combine(directory, "twin.db");
        history = new SqliteReadingHistory(path, Installer(("Twin:Storage", "Sqlite"), ("Twin:Sqlite:Path", path)), settings, TimeProvider.System);
        break;
    case "postgres":
        var connectionString = arguments.GetValueOrDefault("connection") ?? await PostgresServer.CreateDatabaseAsync("twin_bench");
        cleanupPostgres = arguments.ContainsKey("connection") ? null : connectionString;
        history = new PostgresReadingHistory(connectionString, Installer(("Twin:Storage", "Postgres"), ("ConnectionStrings:Twin", connectionString)), settings, TimeProvider.System);
        break;
    default:
        Console.Error.WriteLine($"--db must be sqlite or postgres, not '{db}'");
        return 2;
}

var batchSeconds = new List<double>();
var batchSizes = new List<int>();
using var listener = new MeterListener();
listener.InstrumentPublished = (instrument, l) =>
{
    if (instrument.Meter.Name == "Twin.Storage")
    {
        l.EnableMeasurementEvents(instrument);
    }
};
listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
{
    if (instrument.Name == "history.batch.duration")
    {
        lock (batchSeconds)
        {
            batchSeconds.Add(value);
        }
    }
});
listener.SetMeasurementEventCallback<int>((instrument, value, _, _) =>
{
    if (instrument.Name == "history.batch.size")
    {
        lock (batchSizes)
        {
            batchSizes.Add(value);
        }
    }
});
listener.Start();

var deviceIds = Enumerable.Range(0, devices).Select(i => $"river-gauge-{i:D5}").ToArray();
var values = ImmutableDictionary<string, double>.Empty.Add("level_m", 1.234).Add("battery_v", 3.6);
var radio = new RadioInfo("gw-toyama-007", -103.5, 6.25);
var start = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.FromHours(9));
HistoryRecord Make(int i)
{
    var ts = start.AddMilliseconds(i);
    return new HistoryRecord(deviceIds[i % devices], ts, i / devices, new Reading(ts, i / devices, values.SetItem("level_m", 1 + (i % 500) / 100.0), null, radio), ts.AddMilliseconds(150));
}

// Warm-up: schema install, connections, JIT.
await Task.WhenAll(Enumerable.Range(0, 2000).Select(i => history.AppendAsync(Make(rows + i)).AsTask()));
lock (batchSeconds)
{
    batchSeconds.Clear();
    batchSizes.Clear();
}

// Keep a window of appends in flight, as many MQTT connections (or one with a large receive maximum) would.
var window = new SemaphoreSlim(inflight);
var clock = Stopwatch.StartNew();
var tasks = new Task[rows];
for (var i = 0; i < rows; i++)
{
    await window.WaitAsync();
    tasks[i] = Completed(history.AppendAsync(Make(i)), window);
}
await Task.WhenAll(tasks);
clock.Stop();
await history.DisposeAsync();
listener.Dispose();

batchSeconds.Sort();
Console.WriteLine($"db={db} rows={rows} devices={devices} inflight={inflight} maxBatch={maxBatch} cores={Environment.ProcessorCount}");
Console.WriteLine($"throughput: {rows / clock.Elapsed.TotalSeconds:N0} rows/s ({clock.Elapsed.TotalSeconds:N2} s)");
Console.WriteLine($"batches: {batchSeconds.Count}, mean size {batchSizes.Average():N0}, " +
                  $"latency p50 {Percentile(batchSeconds, 0.50) * 1000:N1} ms, p99 {Percentile(batchSeconds, 0.99) * 1000:N1} ms, max {batchSeconds[^1] * 1000:N1} ms");

if (cleanupPostgres is not null)
{
    await PostgresServer.DropDatabaseAsync(cleanupPostgres);
}
if (cleanupSqlite is not null)
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    Directory.Delete(cleanupSqlite, recursive: true);
}
return 0;

static async Task Completed(ValueTask append, SemaphoreSlim window)
{
    try
    {
        await append;
    }
    finally
    {
        window.Release();
    }
}

static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

static SchemaInstaller Installer(params (string Key, string Value)[] pairs) => new(Options.Create(TwinStorageOptions.FromConfiguration(
    new ConfigurationBuilder().AddInMemoryCollection(pairs.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value))).Build())));

static Dictionary<string, string> ParseArguments(string[] args)
{
    var result = new Dictionary<string, string>(StringComparer.Ordinal);
    for (var i = 0; i + 1 < args.Length; i += 2)
    {
        result[args[i].TrimStart('-')] = args[i + 1];
    }
    return result;
}
