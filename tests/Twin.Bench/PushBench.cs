using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Twin.Catalog;
using Twin.Durability.Tests.Infrastructure;
using Twin.Grains.Abstractions;

namespace Twin.Bench;

/// <summary>
/// The push path under load: viewers on real SignalR connections (each watching the city and five devices)
/// while the publisher feeds the twin at the target rate; latency from the reading's publish time (its ts,
/// stamped by the publisher) to the viewer's receipt of the <c>device</c> message.
/// </summary>
public static class PushBench
{
    public static async Task RunAsync(BenchOptions o, Report report)
    {
        Console.WriteLine($"## push path, {o.Viewers} viewers, {o.Rate:N0} readings/s over {o.Devices:N0} synthetic devices");
        var temp = Directory.CreateTempSubdirectory("twin-bench-");
        try
        {
            var settings = new SiloSettings("bench-push", "bench-" + Guid.NewGuid().ToString("N")[..8], "bench-" + Guid.NewGuid().ToString("N")[..8])
            {
                SqlitePath = Path.Combine(temp.FullName, "twin.db"),
                Extra =
                [
                    $"--Twin:Catalog:SyntheticDevices={o.Devices}",
                    "--Twin:Ingestion:MaxReadingsPerDevicePerMinute=1000000",
                    "--Logging:LogLevel:Default=Warning",
                ],
            };
            await using var silo = await SiloProcess.StartAsync(settings, TimeSpan.FromMinutes(3));
            var devices = o.Devices.ToString(CultureInfo.InvariantCulture);
            await Publisher.RunAsync(silo.MqttPort, "--cadence", "fixed", "--rate", "1000000", "--synthetic", devices,
                "--connections", "16", "--count", (o.Devices + 3000).ToString(CultureInfo.InvariantCulture));

            var catalog = TwinCatalog.Load(o.Devices);
            var watchable = catalog.Devices.Where(d => d.Kind != DeviceKind.ChildTracker).ToArray();
            var latencies = new ConcurrentBag<double>();
            long cityMessages = 0;
            long otherDeviceMessages = 0;
            var measureFrom = DateTimeOffset.MaxValue;
            var viewers = new List<HubConnection>();
            var random = new Random(42);
            for (var v = 0; v < o.Viewers; v++)
            {
                var hub = new HubConnectionBuilder()
                    .WithUrl($"http://127.0.0.1:{silo.HttpPort}/hubs/twin", x =>
                    {
                        x.Transports = HttpTransportType.WebSockets;
                        x.AccessTokenProvider = async () => await silo.TokenAsync();
                    })
                    .WithAutomaticReconnect()
                    .Build();
                // Only the first message carrying each new reading counts: a device message also goes out when
                // only its health changes (silent, a late reading's radio data), still carrying the last reading,
                // and the age of that reading is not the push path's latency.
                var seen = new Dictionary<string, long>(StringComparer.Ordinal);
                hub.On<JsonElement>("device", d =>
                {
                    var received = DateTimeOffset.UtcNow;
                    if (d.TryGetProperty("reading", out var r) && r.ValueKind == JsonValueKind.Object
                        && DateTimeOffset.TryParse(r.GetProperty("ts").GetString(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var ts)
                        && ts >= measureFrom)
                    {
                        var id = d.GetProperty("id").GetString()!;
                        var seq = r.GetProperty("seq").GetInt64();
                        lock (seen)
                        {
                            if (seen.TryGetValue(id, out var last) && seq <= last)
                            {
                                Interlocked.Increment(ref otherDeviceMessages);
                                return;
                            }
                            seen[id] = seq;
                        }
                        latencies.Add((received - ts).TotalMilliseconds);
                    }
                });
                hub.On<JsonElement>("city", _ => Interlocked.Increment(ref cityMessages));
                await hub.StartAsync();
                await hub.InvokeAsync("SubscribeCity");
                for (var i = 0; i < 5; i++)
                {
                    await hub.InvokeAsync("SubscribeDevice", watchable[random.Next(watchable.Length)].Id);
                }
                viewers.Add(hub);
            }
            measureFrom = DateTimeOffset.UtcNow;
            Interlocked.Exchange(ref cityMessages, 0);
            var run = await Publisher.RunAsync(silo.MqttPort, "--cadence", "fixed", "--rate", o.Rate.ToString(CultureInfo.InvariantCulture), "--synthetic", devices,
                "--connections", o.Connections.ToString(CultureInfo.InvariantCulture), "--in-flight", "4", "--duration", IngestBench.Secs(o.Duration));
            // Messages still on their way at the end of the run.
            await Task.Delay(TimeSpan.FromSeconds(2));
            var sorted = latencies.Order().ToArray();
            foreach (var hub in viewers)
            {
                await hub.DisposeAsync();
            }
            if (sorted.Length == 0)
            {
                report.Add("push latency", "no device messages received");
                return;
            }
            report.Add($"push: publish → viewer, {o.Viewers} viewers, ingestion {run.AcknowledgedPerS:N0}/s",
                $"p50 {Pct(sorted, 0.50):0} ms, p99 {Pct(sorted, 0.99):0} ms ({sorted.Length:N0} new readings pushed, {otherDeviceMessages:N0} other device messages; {cityMessages / Math.Max(1.0, run.ElapsedS) / o.Viewers:0.0} city messages/s per viewer)",
                "p99 ≤ 250 ms");
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }

    private static double Pct(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
