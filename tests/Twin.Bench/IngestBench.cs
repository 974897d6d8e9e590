using System.Globalization;
using System.Net.Http;
using MQTTnet;
using MQTTnet.Server;
using Twin.Durability.Tests.Infrastructure;
using Twin.Storage.Tests.Infrastructure;

namespace Twin.Bench;

/// <summary>End-to-end ingestion: publisher process → MQTT → history (durable) → device grain → PUBACK.</summary>
public static class IngestBench
{
    /// <summary>The reference: MQTTnet's broker alone, nothing behind it, the same publisher.</summary>
    public static async Task BrokerAloneAsync(BenchOptions o, Report report)
    {
        Console.WriteLine("## broker alone (MQTTnet, no twin), QoS 1");
        var port = FreePorts.Take(1)[0];
        using var server = new MqttServerFactory().CreateMqttServer(new MqttServerOptionsBuilder().WithDefaultEndpoint().WithDefaultEndpointPort(port).Build());
        await server.StartAsync();
        var r = await Publisher.RunAsync(port, "--cadence", "fixed", "--rate", "1000000", "--synthetic", o.Devices.ToString(CultureInfo.InvariantCulture),
            "--connections", o.Connections.ToString(CultureInfo.InvariantCulture), "--duration", Secs(o.Duration));
        report.Add("broker alone, QoS 1 PUBACKs/s", $"{r.AcknowledgedPerS:N0}/s (p50 {r.P50Ms:0.0} ms, p99 {r.P99Ms:0.0} ms)");
        await server.StopAsync();
    }

    /// <summary>Throughput with the publisher saturating, then PUBACK latency at the target rate, on one database.</summary>
    public static async Task RunAsync(BenchOptions o, string db, Report report)
    {
        Console.WriteLine($"## ingestion, {o.Devices:N0} synthetic devices, {db}");
        var temp = Directory.CreateTempSubdirectory("twin-bench-");
        string? pg = null;
        try
        {
            var settings = new SiloSettings($"bench-{db}", "bench-" + Guid.NewGuid().ToString("N")[..8], "bench-" + Guid.NewGuid().ToString("N")[..8])
            {
                Storage = db switch { "postgres" => "Postgres", "memory" => "Memory", _ => "Sqlite" },
                SqlitePath = Path.Combine(temp.FullName, "twin.db"),
                Extra =
                [
                    $"--Twin:Catalog:SyntheticDevices={o.Devices}",
                    "--Twin:Ingestion:MaxReadingsPerDevicePerMinute=1000000",
                    "--Logging:LogLevel:Default=Warning",
                ],
            };
            if (db == "postgres")
            {
                await PostgresServer.EnsureRunningAsync();
                pg = await PostgresServer.CreateDatabaseAsync("twin_bench");
                settings = settings with { PostgresConnectionString = pg };
            }
            await using var silo = await SiloProcess.StartAsync(settings, TimeSpan.FromMinutes(3));
            var devices = o.Devices.ToString(CultureInfo.InvariantCulture);
            var connections = o.Connections.ToString(CultureInfo.InvariantCulture);

            // Every device once: activations and first snapshots are a one-off cost, measured apart.
            var warm = await Publisher.RunAsync(silo.MqttPort, "--cadence", "fixed", "--rate", "1000000", "--synthetic", devices,
                "--connections", connections, "--count", (o.Devices + 3000).ToString(CultureInfo.InvariantCulture));
            report.Add($"{db}: first reading of every device (activation + snapshot)", $"{warm.AcknowledgedPerS:N0}/s");

            var full = await Publisher.RunAsync(silo.MqttPort, "--cadence", "fixed", "--rate", "1000000", "--synthetic", devices,
                "--connections", connections, "--duration", Secs(o.Duration));
            report.Add($"{db}: sustained ingestion, QoS 1, {o.Connections} connections", $"{full.AcknowledgedPerS:N0} readings/s (rejected {full.Rejected}, errors {full.Errors})", "≥ 25,000/s");

            // Latency at a set rate: many connections with few messages in flight each, so that the figure is the
            // twin's answer time and not a queue the publisher built; at the target rate and at half of it.
            foreach (var rate in new[] { o.Rate, o.Rate / 2 })
            {
                var paced = await Publisher.RunAsync(silo.MqttPort, "--cadence", "fixed", "--rate", rate.ToString(CultureInfo.InvariantCulture), "--synthetic", devices,
                    "--connections", connections, "--in-flight", "4", "--duration", Secs(o.Duration));
                report.Add($"{db}: PUBACK latency offered {rate:N0}/s (achieved {paced.AcknowledgedPerS:N0}/s)", $"p50 {paced.P50Ms:0.0} ms, p99 {paced.P99Ms:0.0} ms", "p99 ≤ 50 ms at 10,000/s");
            }

            var metrics = await silo.Http.GetStringAsync("/metrics");
            report.Add($"{db}: silo working set after the runs", $"{Metric(metrics, "process_working_set_bytes") / 1048576:N0} MiB (managed heap {Metric(metrics, "dotnet_total_memory_bytes") / 1048576:N0} MiB)");
        }
        finally
        {
            if (pg is not null)
            {
                await PostgresServer.DropDatabaseAsync(pg);
            }
            temp.Delete(recursive: true);
        }
    }

    public static string Secs(TimeSpan t) => t.TotalSeconds.ToString(CultureInfo.InvariantCulture);

    /// <summary>The value of an unlabelled metric in Prometheus text.</summary>
    public static double Metric(string text, string name)
    {
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(name + " ", StringComparison.Ordinal))
            {
                return double.Parse(line[(name.Length + 1)..], CultureInfo.InvariantCulture);
            }
        }
        return double.NaN;
    }
}
