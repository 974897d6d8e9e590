using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Storage;
using Twin.Catalog;
using Twin.Durability.Tests.Infrastructure;
using Twin.Grains;
using Twin.Grains.Abstractions;
using Twin.Grains.Aggregates;
using Twin.Grains.Devices;
using Twin.Storage;

namespace Twin.Bench;

/// <summary>
/// Managed memory per device grain: a silo in this process, N devices activated by one reading each, the
/// managed heap after a full collection compared with before. Grain state goes to a storage that keeps
/// nothing, so the figure is what the live activations (and their share of the aggregates) hold.
/// </summary>
public static class MemoryBench
{
    public static async Task RunAsync(int devices, Report report)
    {
        Console.WriteLine($"## memory, {devices:N0} device activations");
        var catalog = TwinCatalog.Load(Math.Max(0, devices - TwinCatalog.Load().Devices.Count));
        var ports = FreePorts.Take(2);
        using var host = Host.CreateDefaultBuilder()
            .ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning))
            .UseOrleans(silo =>
            {
                silo.UseLocalhostClustering(ports[0], ports[1], clusterId: "bench-" + Guid.NewGuid().ToString("N")[..8]);
                silo.Services.AddKeyedSingleton<IGrainStorage>("twin", new NullGrainStorage());
                silo.Services.AddSingleton(catalog);
                silo.Services.AddKeyedSingleton(TwinClock.Key, TimeProvider.System);
                silo.Services.AddSingleton<IReadingHistory>(new NoHistory());
                silo.Services.AddSingleton<IDownlinkSender>(new NoDownlinks());
                silo.Services.AddTwinGrains();
            })
            .Build();
        await host.StartAsync();
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        await grains.GetGrain<ICityGrain>(GrainKeys.City).GetAsync();
        var before = Heap();

        var targets = catalog.Devices.Take(devices).ToList();
        var stopwatch = Stopwatch.StartNew();
        var now = DateTimeOffset.UtcNow;
        await Parallel.ForEachAsync(targets, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (d, _) =>
        {
            await grains.GetDeviceGrain(d.Kind, d.Id).ApplyAsync(ReadingFor(d, now));
        });
        stopwatch.Stop();
        // Let the coalesced aggregate pushes land before measuring.
        await grains.GetGrain<ICityGrain>(GrainKeys.City).GetAsync();
        await Task.Delay(TimeSpan.FromSeconds(2));
        var after = Heap();
        var perDevice = (after - before) / (double)targets.Count;
        report.Add($"activation of {targets.Count:N0} device grains", $"{targets.Count / stopwatch.Elapsed.TotalSeconds:N0}/s");
        report.Add($"managed memory per device grain at {targets.Count:N0}", $"{perDevice / 1024:0.00} KB ({(after - before) / 1048576.0:N0} MiB in all)", "≤ 4 KB");
        await host.StopAsync();
    }

    private static long Heap()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static Reading ReadingFor(DeviceInfo d, DateTimeOffset ts)
    {
        var v = ImmutableDictionary<string, double>.Empty;
        return d.Kind switch
        {
            DeviceKind.RiverGauge => new Reading(ts, 1, v.Add("level_m", 0.4).Add("battery_v", 3.6)),
            DeviceKind.SnowPump => new Reading(ts, 1, v.Add("pressure_mpa", 0.3), "running"),
            DeviceKind.BridgeJoint => new Reading(ts, 1, v.Add("gap_mm", 40).Add("accel_g", 0.01)),
            DeviceKind.ChildTracker => new Reading(ts, 1, v.Add("lat", d.Position.Lat).Add("lon", d.Position.Lon).Add("battery_pct", 80)),
            _ => new Reading(ts, 1, v.Add("soil_moisture_pct", 31.5).Add("air_temp_c", 4.2)),
        };
    }

    /// <summary>A grain storage that keeps nothing (the memory figure is about activations, not a store).</summary>
    private sealed class NullGrainStorage : IGrainStorage
    {
        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Task.CompletedTask;

        public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            grainState.ETag = "1";
            grainState.RecordExists = true;
            return Task.CompletedTask;
        }

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Task.CompletedTask;
    }

    private sealed class NoHistory : IReadingHistory
    {
        public ValueTask AppendAsync(HistoryRecord record, CancellationToken ct = default) => ValueTask.CompletedTask;

        public Task<IReadOnlyList<HistoryRecord>> ReadAsync(string deviceId, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken ct = default) =>
            Task.FromResult<IReadOnlyList<HistoryRecord>>([]);

        public Task<IReadOnlyList<HistoryRecord>> ReadReceivedSinceAsync(string deviceId, DateTimeOffset receivedSince, CancellationToken ct = default) =>
            Task.FromResult<IReadOnlyList<HistoryRecord>>([]);
    }

    private sealed class NoDownlinks : IDownlinkSender
    {
        public Task SendLampAsync(LampCommand command, DateTimeOffset now) => Task.CompletedTask;
    }
}
