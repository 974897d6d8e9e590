using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using MQTTnet;
using MQTTnet.Protocol;
using Npgsql;
using Twin.Catalog;
using Twin.Cli.Mqtt;
using Twin.Codecs;
using Twin.Durability.Tests.Infrastructure;
using Twin.Grains.Abstractions;
using Twin.Storage.Tests.Infrastructure;
using Twin.Tests.Shared;

namespace Twin.Bench.Production;

/// <summary>
/// The production path on this machine: a simulated LoRaWAN network server (TTS v3 uplinks) → Mosquitto (password file
/// and ACL of <c>Twin.Cli mqtt passwd</c>) → two silos of one cluster on PostgreSQL sharing one MQTT 5 subscription.
/// Mosquitto alone (a plain subscriber instead of the silos) first, in the same run; then the twin: readings/s through
/// one network-server connection and through many, publish-to-grain latency, and a silo killed mid-stream.
/// </summary>
public static partial class ProductionBench
{
    private const string SharedGroup = "twin";
    private const string SiloUser = "twin-silo", NetworkServerUser = "network-server";
    private const string ClientIdA = "twin-bench-silo-a", ClientIdB = "twin-bench-silo-b";

    /// <summary>Each run's f_cnt band starts here, so the kill run's readings are told apart in the history.</summary>
    private const long KillBand = 40_001;

    private static readonly TimeSpan Settle = TimeSpan.FromMinutes(3);

    /// <summary>How long the kill run waits for every acknowledged reading to be durable.</summary>
    private static readonly TimeSpan KillSettle = TimeSpan.FromMinutes(5);

    /// <summary>How long one probe reading is waited for; one not seen by then is counted, not timed.</summary>
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(10);

    public static async Task RunAsync(BenchOptions o, Report report)
    {
        Console.WriteLine($"## production path: LoRaWAN network server → Mosquitto → two silos on PostgreSQL ({o.ProductionCount:N0} readings a throughput run, {o.ProductionConnections} connections for many, {o.ProductionRate:N0}/s paced for {o.Duration.TotalSeconds:0} s)");
        // The network server's workers, the probes and MQTTnet's loops share this process on a loaded machine.
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 64), Math.Max(io, 64));
        var temp = Directory.CreateTempSubdirectory("twin-bench-production-");
        string? pg = null;
        var silos = new List<SiloProcess>();
        try
        {
            var catalog = TwinCatalog.Load();
            // Child trackers are left out: what their consent rules do is another measurement. One river gauge is the probe.
            var probe = catalog.Devices.First(d => d.Kind == DeviceKind.RiverGauge);
            var ns = new NetworkServer(catalog, [.. catalog.Devices.Where(d => d.Kind != DeviceKind.ChildTracker && d.Id != probe.Id)], probe);

            // The broker's access files, as the compose file's init service makes them.
            var siloPassword = DeviceKeys.NewSecret();
            var nsPassword = DeviceKeys.NewSecret();
            var files = MosquittoAccessFiles.Build(catalog.Devices.Select(d => d.Id), id => DeviceKeys.PasswordFor(MqttTestCredentials.DeviceKeySecret, id),
                new MqttAccount(SiloUser, siloPassword, "silos"), SharedGroup, [new MqttAccount(NetworkServerUser, nsPassword, "network-server", Applications: "*")], null);
            var auth = Directory.CreateDirectory(Path.Combine(temp.FullName, "auth")).FullName;
            await File.WriteAllTextAsync(Path.Combine(auth, "passwd"), files.PasswordFile);
            await File.WriteAllTextAsync(Path.Combine(auth, "acl"), files.AclFile);
            await using var broker = await MosquittoProcess.StartAsync(temp.FullName,
                ["allow_anonymous false", $"user {Environment.UserName}", $"password_file {Path.Combine(auth, "passwd")}", $"acl_file {Path.Combine(auth, "acl")}"],
                logPackets: false);

            var one = new[] { await NetworkServer.ConnectAsync(broker.Port, NetworkServerUser, nsPassword, "bench-ns-0") };
            var many = new List<IMqttClient>(one);
            for (var i = 1; i < o.ProductionConnections; i++)
            {
                many.Add(await NetworkServer.ConnectAsync(broker.Port, NetworkServerUser, nsPassword, $"bench-ns-{i}"));
            }
            using var probeConnection = await NetworkServer.ConnectAsync(broker.Port, NetworkServerUser, nsPassword, "bench-ns-probe");

            Console.WriteLine($"  Mosquitto on {broker.Port}; the network server connected ({many.Count} connections and a probe's)");
            await BrokerAloneAsync(o, report, broker.Port, siloPassword, ns, one, many, probeConnection);

            // The twin: two silos, one cluster on PostgreSQL, one shared subscription, each its own persistent session.
            await PostgresServer.EnsureRunningAsync();
            pg = await PostgresServer.CreateDatabaseAsync("twin_bench_prod");
            // Both silos on one PostgreSQL that the machine's other test runs share (max_connections 100): 15 pooled
            // connections each instead of the twin's 40, or activations fail with "remaining connection slots are reserved".
            var silosDb = pg + ";Maximum Pool Size=15";
            var id = Guid.NewGuid().ToString("N")[..8];
            SiloSettings Member(string name, string clientId) => new SiloSettings(name, "bench-prod-" + id, "bench-prod-" + id)
            {
                Storage = "Postgres",
                Clustering = "Postgres",
                PostgresConnectionString = silosDb,
                Extra =
                [
                    "--Twin:Mqtt:Mode=External",
                    "--Twin:Mqtt:External:Host=127.0.0.1",
                    $"--Twin:Mqtt:External:Port={broker.Port.ToString(CultureInfo.InvariantCulture)}",
                    $"--Twin:Mqtt:External:Username={SiloUser}",
                    $"--Twin:Mqtt:External:SharedGroup={SharedGroup}",
                    $"--Twin:Mqtt:External:ClientId={clientId}",
                    "--Twin:Ingestion:MaxReadingsPerDevicePerMinute=1000000",
                    "--Logging:LogLevel:Default=Warning",
                ],
                Environment = new Dictionary<string, string> { ["Twin__Mqtt__External__Password"] = siloPassword },
            };
            var a = await SiloProcess.StartAsync(Member("silo A", ClientIdA), TimeSpan.FromMinutes(3));
            silos.Add(a);
            var b = await SiloProcess.StartAsync(Member("silo B", ClientIdB), TimeSpan.FromMinutes(3));
            silos.Add(b);

            // Every device once: activations and first snapshots are a one-off cost, not the steady path.
            var warm = await ThroughTwinAsync(ns, many, ns.Devices.Count, [a, b]);
            Console.WriteLine($"  (warm-up: every device once, {warm.Rate:N0} readings/s)");

            foreach (var (label, connections) in new[] { ("one network-server connection", (IReadOnlyList<IMqttClient>)one), ($"{many.Count} network-server connections", many) })
            {
                var run = await ThroughTwinAsync(ns, connections, o.ProductionCount, [a, b]);
                report.Add($"production: readings/s into the twin through {label}",
                    $"{run.Rate:N0}/s ({run.Applied:N0} applied in {run.Seconds:0.0} s; broker took them at {run.PublishRate:N0}/s)");
            }

            // At the paced rate and at a quarter of it: the first near what two silos on two shared cores carry, the second well below.
            foreach (var rate in new[] { o.ProductionRate, o.ProductionRate / 4 })
            {
                var latency = await PublishToGrainAsync(o.Duration, rate, ns, many, probeConnection, a);
                report.Add($"production: publish → reading in the grain, at {rate:N0}/s offered (achieved {latency.Achieved:N0}/s)",
                    $"p50 {latency.P50:0.0} ms, p99 {latency.P99:0.0} ms ({latency.Samples} probes{Unseen(latency.Unseen)})");
            }

            var kill = await KillMidStreamAsync(o, ns, many, b, pg, () => SiloProcess.StartAsync(Member("silo B (restarted)", ClientIdB), TimeSpan.FromMinutes(3)), silos);
            report.Add("production: silo B killed (SIGKILL) mid-stream, restarted under its client id",
                $"{kill.Acknowledged:N0} acknowledged by the broker, {kill.InHistory:N0} in the history, {kill.Missing} lost, {kill.DuplicateRows} duplicate rows; all durable {kill.RecoverySeconds:0.0} s after the stream ended");
            if (broker.Log.Contains("dropped", StringComparison.OrdinalIgnoreCase))
            {
                report.Add("production: Mosquitto dropped messages", "see its log");
            }
            foreach (var c in many.Append(probeConnection))
            {
                await c.DisconnectAsync();
                c.Dispose();
            }
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
                // Each silo's output (warnings and up), kept outside the repository for a look afterwards.
                var log = Path.Combine(Path.GetTempPath(), $"twin-bench-production-{silo.Settings.Name.Replace(' ', '-').Replace("(", "").Replace(")", "")}.log");
                await File.WriteAllTextAsync(log, silo.Log);
                Console.WriteLine($"  {silo.Settings.Name}'s output: {log}");
            }
            if (pg is not null)
            {
                await PostgresServer.DropDatabaseAsync(pg);
            }
            temp.Delete(recursive: true);
        }
    }

    /// <summary>The same network server and runs against Mosquitto with one plain subscriber (the silos' account) in place of the twin.</summary>
    private static async Task BrokerAloneAsync(BenchOptions o, Report report, int port, string siloPassword, NetworkServer ns,
        IReadOnlyList<IMqttClient> one, IReadOnlyList<IMqttClient> many, IMqttClient probeConnection)
    {
        using var subscriber = await NetworkServer.ConnectAsync(port, SiloUser, siloPassword, "bench-plain-subscriber");
        long received = 0;
        TaskCompletionSource? probeSeen = null;
        var probeTopic = ns.Next(ns.Probe).Topic;
        subscriber.ApplicationMessageReceivedAsync += e =>
        {
            if (e.ApplicationMessage.Topic == probeTopic)
            {
                Volatile.Read(ref probeSeen)?.TrySetResult();
            }
            else
            {
                Interlocked.Increment(ref received);
            }
            return Task.CompletedTask;
        };
        await subscriber.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter("v3/+/devices/+/up", MqttQualityOfServiceLevel.AtLeastOnce).Build());

        Console.WriteLine("  a plain subscriber in place of the silos");
        foreach (var (label, connections) in new[] { ("one network-server connection", one), ($"{many.Count} network-server connections", many) })
        {
            var before = Interlocked.Read(ref received);
            var clock = Stopwatch.StartNew();
            var run = await ns.PublishAsync(connections, o.ProductionCount, null, null, inFlight: 256);
            Console.WriteLine($"  published {run.Published:N0} ({run.Failed} failed) in {run.Elapsed.TotalSeconds:0.0} s");
            await Poll.UntilAsync("the plain subscriber received every reading", Settle,
                _ => Task.FromResult(Interlocked.Read(ref received) - before >= run.Acknowledged.Count));
            var seconds = clock.Elapsed.TotalSeconds;
            report.Add($"Mosquitto alone: readings/s to one subscriber through {label}",
                $"{run.Acknowledged.Count / seconds:N0}/s ({run.Acknowledged.Count:N0} in {seconds:0.0} s)");
        }

        var load = ns.PublishAsync(many, null, o.Duration, o.ProductionRate, inFlight: 64);
        var samples = new List<double>();
        var unseen = 0;
        while (!load.IsCompleted)
        {
            var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref probeSeen, seen);
            var (topic, payload, _) = ns.Next(ns.Probe);
            var clock = Stopwatch.StartNew();
            await Publish(probeConnection, topic, payload);
            try
            {
                await seen.Task.WaitAsync(ProbeTimeout);
                samples.Add(clock.Elapsed.TotalMilliseconds);
            }
            catch (TimeoutException)
            {
                unseen++;
            }
            await Task.Delay(20);
        }
        var paced = await load;
        report.Add($"Mosquitto alone: publish → subscriber, at {o.ProductionRate:N0}/s offered (achieved {paced.Acknowledged.Count / paced.Elapsed.TotalSeconds:N0}/s)",
            $"p50 {Percentile(samples, 0.50):0.0} ms, p99 {Percentile(samples, 0.99):0.0} ms ({samples.Count} probes{Unseen(unseen)})");
        await subscriber.DisconnectAsync();
    }

    private sealed record TwinRun(long Applied, double Seconds, double PublishRate)
    {
        public double Rate => Applied / Seconds;
    }

    /// <summary>Publishes <paramref name="count"/> readings and times them until both silos together have applied them all.</summary>
    private static async Task<TwinRun> ThroughTwinAsync(NetworkServer ns, IReadOnlyList<IMqttClient> connections, long count, IReadOnlyList<SiloProcess> silos)
    {
        var before = await AcceptedAsync(silos);
        var clock = Stopwatch.StartNew();
        var run = await ns.PublishAsync(connections, count, null, null, inFlight: 256);
        var publishRate = run.Acknowledged.Count / run.Elapsed.TotalSeconds;
        var applied = 0L;
        await Poll.UntilAsync($"the silos applied {run.Acknowledged.Count:N0} readings", Settle, async token =>
        {
            applied = await AcceptedAsync(silos, token) - before;
            return applied >= run.Acknowledged.Count;
        });
        return new TwinRun(applied, clock.Elapsed.TotalSeconds, publishRate);
    }

    private sealed record Latency(double P50, double P99, int Samples, double Achieved, int Unseen);

    /// <summary>", N not seen within the probe timeout" when any were not.</summary>
    private static string Unseen(int n) => n == 0 ? "" : $", {n} not seen within {ProbeTimeout.TotalSeconds:0} s";

    /// <summary>
    /// A paced load over many connections and, meanwhile, one probe reading at a time: published, then the device read
    /// back through the REST API (<c>GET /api/devices/{id}</c>, every 2 ms) until it shows the probe's f_cnt as its seq.
    /// </summary>
    private static async Task<Latency> PublishToGrainAsync(TimeSpan duration, double rate, NetworkServer ns, IReadOnlyList<IMqttClient> many, IMqttClient probeConnection, SiloProcess silo)
    {
        var load = ns.PublishAsync(many, null, duration, rate, inFlight: 64);
        var samples = new List<double>();
        var unseen = 0;
        while (!load.IsCompleted)
        {
            var (topic, payload, seq) = ns.Next(ns.Probe);
            var clock = Stopwatch.StartNew();
            await Publish(probeConnection, topic, payload);
            while (await SeqAsync(silo, ns.Probe.Id) != seq && clock.Elapsed < ProbeTimeout)
            {
                await Task.Delay(2);
            }
            if (clock.Elapsed < ProbeTimeout)
            {
                samples.Add(clock.Elapsed.TotalMilliseconds);
            }
            else
            {
                unseen++;
            }
            await Task.Delay(20);
        }
        var run = await load;
        return new Latency(Percentile(samples, 0.50), Percentile(samples, 0.99), samples.Count, run.Acknowledged.Count / run.Elapsed.TotalSeconds, unseen);
    }

    private sealed record KillRun(long Acknowledged, long InHistory, long Missing, long DuplicateRows, double RecoverySeconds);

    /// <summary>
    /// A paced stream; a third of the way in, silo B is killed (SIGKILL); when the stream ends B comes back under its
    /// client id (as a StatefulSet's pod does) and takes its session's queue. Then every reading the broker acknowledged
    /// to the network server must be in the history once.
    /// </summary>
    private static async Task<KillRun> KillMidStreamAsync(BenchOptions o, NetworkServer ns, IReadOnlyList<IMqttClient> many, SiloProcess b, string cs,
        Func<Task<SiloProcess>> restartB, List<SiloProcess> silos)
    {
        ns.SkipTo(KillBand);
        var load = ns.PublishAsync(many, null, o.Duration, o.ProductionRate, inFlight: 64);
        await Task.Delay(o.Duration / 3);
        await b.KillAsync();
        Console.WriteLine("  silo B killed (SIGKILL)");
        var run = await load;
        var ended = Stopwatch.StartNew();
        silos.Add(await restartB());
        Console.WriteLine($"  silo B restarted ({ended.Elapsed.TotalSeconds:0.0} s after the stream ended)");
        var acknowledged = run.Acknowledged.ToHashSet();
        var missing = (long)acknowledged.Count;
        try
        {
            await Poll.UntilAsync("every acknowledged reading is in the history", KillSettle, async token =>
            {
                var rows = await HistoryAsync(cs, token);
                missing = acknowledged.Count(r => !rows.Contains(r));
                return missing == 0;
            });
        }
        catch (TimeoutException)
        {
            // Reported as missing, with how long it was waited for.
            Console.WriteLine($"  {missing} acknowledged readings still not in the history after {KillSettle.TotalMinutes:0} min");
        }
        var recovery = ended.Elapsed.TotalSeconds;
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*), count(DISTINCT (device_id, seq)) FROM twin_reading_history WHERE seq >= @band", connection);
        command.Parameters.AddWithValue("band", KillBand);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        var (rowsTotal, distinct) = (reader.GetInt64(0), reader.GetInt64(1));
        return new KillRun(acknowledged.Count, distinct, missing, rowsTotal - distinct, recovery);
    }

    private static async Task<HashSet<(string, long)>> HistoryAsync(string cs, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT device_id, seq FROM twin_reading_history WHERE seq >= @band", connection);
        command.Parameters.AddWithValue("band", KillBand);
        var rows = new HashSet<(string, long)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add((reader.GetString(0), reader.GetInt64(1)));
        }
        return rows;
    }

    private static Task Publish(IMqttClient client, string topic, byte[] payload) =>
        client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());

    /// <summary>The seq of the device's live reading (null before its first).</summary>
    private static async Task<long?> SeqAsync(SiloProcess silo, string deviceId)
    {
        var device = await silo.Http.GetFromJsonAsync<JsonElement>($"/api/devices/{Uri.EscapeDataString(deviceId)}");
        return device.TryGetProperty("reading", out var reading) && reading.ValueKind == JsonValueKind.Object ? reading.GetProperty("seq").GetInt64() : null;
    }

    /// <summary>Readings the silos have applied (every outcome of <c>twin_ingestion_accepted</c>), summed over the silos.</summary>
    private static async Task<long> AcceptedAsync(IReadOnlyList<SiloProcess> silos, CancellationToken ct = default)
    {
        long total = 0;
        foreach (var silo in silos.Where(s => !s.HasExited))
        {
            var text = await silo.Http.GetStringAsync("/metrics", ct);
            foreach (Match m in AcceptedLine().Matches(text))
            {
                total += (long)double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture);
            }
        }
        return total;
    }

    private static double Percentile(List<double> samples, double p)
    {
        if (samples.Count == 0)
        {
            return double.NaN;
        }
        var sorted = samples.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    [GeneratedRegex(@"^twin_ingestion_accepted(?:_total)?(?:\{[^}]*\})?\s+(?<value>\S+)", RegexOptions.Multiline)]
    private static partial Regex AcceptedLine();
}
