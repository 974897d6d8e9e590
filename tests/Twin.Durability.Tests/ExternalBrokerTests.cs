using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;
using Orleans.Runtime;
using Twin.Durability.Tests.Infrastructure;

namespace Twin.Durability.Tests;

/// <summary>
/// Two silos of one cluster ingest from an outside Mosquitto through one MQTT 5 shared subscription: every message is
/// applied once by one of them, and a silo that stops keeps its broker session, so what the broker queued for it
/// while it was away is applied when it returns.
/// </summary>
[Collection(SiloProcesses.Name)]
public sealed partial class ExternalBrokerTests
{
    private const int FirstBatch = 600;
    private const int SecondBatch = 300;
    private const string SharedGroup = "twin-durability";
    private const string ClientIdA = "twin-durability-silo-a";
    private const string ClientIdB = "twin-durability-silo-b";

    /// <summary>Longest wait for one step (readings to land, a silo to connect); each is a poll that ends as soon as it holds.</summary>
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(45);

    /// <summary>One native uplink as the test sent it.</summary>
    private sealed record Sent(string Kind, string DeviceId, long Seq, DateTimeOffset Ts, string Json);

    /// <summary>A device of the fleet and how its payload is made.</summary>
    private sealed record Device(string Kind, string Id, Func<DateTimeOffset, long, string> Payload);

    [Fact]
    public Task ThroughAnExternalMosquittoTwoSilosSharingOneSubscriptionApplyEachMessageExactlyOnceAndWhenOneIsStoppedTheOtherTakesItsShareAndTheStoppedOnesQueueIsNotLost() =>
        Scenario.RunAsync("external-mosquitto", async s =>
        {
            var ct = TestContext.Current.CancellationToken;
            await using var broker = await MosquittoProcess.StartAsync(s.Directory, ct);
            try
            {
                await SharedSubscriptionExactlyOnceAsync(s, broker, ct);
            }
            catch
            {
                var output = TestContext.Current.TestOutputHelper;
                output?.WriteLine($"===== mosquitto (pid {broker.ProcessId}, port {broker.Port}; PUBLISH/PUBACK lines left out) =====");
                output?.WriteLine(WithoutPacketLines(broker.Log));
                throw;
            }
        });

    private static async Task SharedSubscriptionExactlyOnceAsync(Scenario s, MosquittoProcess broker, CancellationToken ct)
    {
        var output = TestContext.Current.TestOutputHelper;
        var cs = await s.CreatePostgresDatabaseAsync();
        var settings = s.Silo("silo") with { Storage = "Postgres", Clustering = "Postgres", PostgresConnectionString = cs };
        SiloSettings Member(string name, string clientId) => settings with
        {
            Name = name,
            Extra =
            [
                "--Twin:Mqtt:Mode=External",
                "--Twin:Mqtt:External:Host=127.0.0.1",
                $"--Twin:Mqtt:External:Port={broker.Port.ToString(CultureInfo.InvariantCulture)}",
                $"--Twin:Mqtt:External:SharedGroup={SharedGroup}",
                $"--Twin:Mqtt:External:ClientId={clientId}",
                // Hundreds of readings a device within seconds: judged on delivery alone, not the flood limit.
                "--Twin:Ingestion:MaxReadingsPerDevicePerMinute=1000000",
            ],
        };
        var bSettings = Member("silo B", ClientIdB);

        // 1. Two silos, one cluster, one shared subscription on the same Mosquitto.
        var a = await s.StartAsync(Member("silo A", ClientIdA));
        var b = await s.StartAsync(bSettings);
        await WaitConnectedAsync(a, broker, ClientIdA, sessionPresent: false, ct);
        await WaitConnectedAsync(b, broker, ClientIdB, sessionPresent: false, ct);
        await Poll.UntilAsync("both silos active in the membership table", StepTimeout,
            async token => await Membership.CountAsync(cs, s.ClusterId, SiloStatus.Active, token) == 2, ct);

        // Every river gauge and every bridge joint of the catalog (levels below standby, gaps mid-range, varying).
        var fleet = new List<Device>();
        foreach (var id in await a.DeviceIdsAsync("river-gauge", ct))
        {
            fleet.Add(new Device("river-gauge", id, (ts, seq) => Uplinks.Gauge(ts, seq, 0.30 + (seq % 7) * 0.004)));
        }
        var gauges = fleet.Count;
        foreach (var id in await a.DeviceIdsAsync("bridge-joint", ct))
        {
            var t = (await a.DeviceAsync(id, ct)).GetProperty("thresholds");
            var mid = (t.GetProperty("gap_min_mm").GetDouble() + t.GetProperty("gap_max_mm").GetDouble()) / 2;
            fleet.Add(new Device("bridge-joint", id, (ts, seq) => Uplinks.Joint(ts, seq, mid + (seq % 5) * 0.2)));
        }
        Assert.True(gauges > 0 && fleet.Count > gauges, $"The catalog should have river gauges and bridge joints; got {gauges} gauges, {fleet.Count - gauges} joints.");

        // ts: from two minutes ago, 20 ms apart, so every reading is in the past and a device's ts rises with its seq.
        var now = DateTimeOffset.UtcNow;
        var origin = new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero).AddMinutes(-2);
        var nextSeq = fleet.ToDictionary(d => d.Id, _ => 0L);
        var planned = 0;
        List<Sent> Plan(int count)
        {
            var batch = new List<Sent>(count);
            for (var i = 0; i < count; i++, planned++)
            {
                var device = fleet[planned % fleet.Count];
                var seq = ++nextSeq[device.Id];
                var ts = origin.AddMilliseconds(planned * 20);
                batch.Add(new Sent(device.Kind, device.Id, seq, ts, device.Payload(ts, seq)));
            }
            return batch;
        }

        await using var publisher = await Publisher.ConnectAsync("mosquitto", broker.Port, "twin-durability-publisher", ct);

        // 2. N readings: each applied exactly once, and both silos took part.
        var first = Plan(FirstBatch);
        await PublishAllAsync(publisher, first, ct);
        await WaitSettledAsync(cs, first, [a, b], 0, ct);
        var acceptedA1 = await IngestionAsync(a, ct);
        var acceptedB1 = await IngestionAsync(b, ct);
        output?.WriteLine($"First {FirstBatch} readings over {fleet.Count} devices: silo A accepted {acceptedA1.Accepted}, silo B {acceptedB1.Accepted}.");
        Assert.True(acceptedA1.Accepted > 0 && acceptedB1.Accepted > 0,
            $"Both silos should share the subscription's load: A accepted {acceptedA1.Accepted}, B {acceptedB1.Accepted}.");
        Assert.Equal(FirstBatch, acceptedA1.Accepted + acceptedB1.Accepted);
        AssertNoRejections(acceptedA1, "silo A");
        AssertNoRejections(acceptedB1, "silo B");
        await AssertExactlyOnceAsync(cs, first, "after the first batch", ct);
        await AssertHistoryApiAsync([a, b], first, origin, ct);

        // 3. B stops gracefully; its session (a day's expiry) stays on the broker.
        b.Note("stopping silo B with SIGTERM");
        Assert.Equal(0, await b.StopGracefullyAsync(TimeSpan.FromSeconds(60)));
        await Poll.UntilAsync("mosquitto logs silo B's normal disconnect", TimeSpan.FromSeconds(10),
            _ => Task.FromResult(broker.Log.Contains($"Client {ClientIdB} disconnected.", StringComparison.Ordinal)), ct);

        // M more readings while B is away. Mosquitto hands a shared subscription's messages round the group's
        // sessions, offline ones included: what it routes to B's session waits in B's queue.
        var mark = broker.Mark();
        var second = Plan(SecondBatch);
        await PublishAllAsync(publisher, second, ct);
        var sentToA = 0;
        await Poll.UntilAsync("silo A has applied and acknowledged every reading the broker sent it while B was down", StepTimeout, async token =>
        {
            sentToA = broker.UplinksSentTo(ClientIdA, mark);
            var ackedByA = broker.AcknowledgementsFrom(ClientIdA, mark);
            var delta = (await IngestionAsync(a, token)).Accepted - acceptedA1.Accepted;
            return sentToA > 0 && ackedByA == sentToA && delta == sentToA
                ? true
                : throw new PollRetryException($"broker sent A {sentToA}, A acknowledged {ackedByA}, A accepted {delta} more");
        }, ct);
        Assert.Equal(0, broker.UplinksSentTo(ClientIdB, mark));
        var queuedForB = SecondBatch - sentToA;
        var inHistoryWhileBDown = (await RawRowsAsync(cs, ct)).Count(r => second.Any(x => x.DeviceId == r.DeviceId && x.Seq == r.Seq));
        output?.WriteLine($"While B was down: the broker sent A {sentToA} of {SecondBatch} (A applied them: {inHistoryWhileBDown} of the {SecondBatch} in the history); {queuedForB} held for B's offline session.");
        Assert.Equal(sentToA, inHistoryWhileBDown);
        Assert.True(queuedForB > 0,
            $"Mosquitto sent all {SecondBatch} readings to silo A while silo B's session was offline, so this run cannot show B's queue surviving its restart.");

        // B returns with the same client id: the broker resumes its session and delivers the queue.
        var b2 = await s.StartAsync(bSettings with { Name = "silo B (restarted)" });
        await WaitConnectedAsync(b2, broker, ClientIdB, sessionPresent: true, ct);
        var all = first.Concat(second).ToList();
        await WaitSettledAsync(cs, all, [a, b2], acceptedB1.Accepted, ct);
        var acceptedA2 = await IngestionAsync(a, ct);
        var acceptedB2 = await IngestionAsync(b2, ct);
        output?.WriteLine($"After B's restart (session present): B applied {acceptedB2.Accepted} readings from its queue; A {acceptedA2.Accepted - acceptedA1.Accepted} of the second batch.");
        Assert.Equal(queuedForB, acceptedB2.Accepted);
        Assert.Equal(sentToA, acceptedA2.Accepted - acceptedA1.Accepted);
        // The broker's side of it: B's queue went to B once, A got nothing more.
        Assert.Equal(queuedForB, broker.UplinksSentTo(ClientIdB, mark));
        Assert.Equal(sentToA, broker.UplinksSentTo(ClientIdA, mark));
        AssertNoRejections(acceptedA2, "silo A");
        AssertNoRejections(acceptedB2, "silo B (restarted)");
        await AssertExactlyOnceAsync(cs, all, "after B's restart", ct);
        await AssertHistoryApiAsync([a, b2], all, origin, ct);
        // The broker's own word: no session's queue overflowed (max_queued_messages) and nothing was dropped.
        Assert.DoesNotContain("dropped", broker.Log, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Publishes at QoS 1, one after another; the broker must acknowledge each.</summary>
    private static async Task PublishAllAsync(Publisher publisher, IReadOnlyList<Sent> batch, CancellationToken ct)
    {
        foreach (var r in batch)
        {
            await publisher.PublishAcknowledgedAsync(r.Kind, r.DeviceId, r.Json, ct);
        }
    }

    /// <summary>Waits for the silo's log line of its (re)connection, with the session flag wanted.</summary>
    private static Task WaitConnectedAsync(SiloProcess silo, MosquittoProcess broker, string clientId, bool sessionPresent, CancellationToken ct) =>
        Poll.UntilAsync($"{silo.Settings.Name} connected to mosquitto as {clientId} (session present: {sessionPresent})", StepTimeout, _ =>
        {
            var line = $"Connected to the MQTT broker 127.0.0.1:{broker.Port} as {clientId} (session present: ";
            var log = silo.Log;
            if (log.Contains(line + !sessionPresent + ")", StringComparison.Ordinal))
            {
                Assert.Fail($"{silo.Settings.Name} connected with session present {!sessionPresent}, want {sessionPresent}.");
            }
            if (silo.HasExited)
            {
                throw new InvalidOperationException($"{silo.Settings.Name} exited before it connected to the broker.");
            }
            return Task.FromResult(log.Contains(line + sessionPresent + ")", StringComparison.Ordinal));
        }, ct);

    /// <summary>
    /// Waits until every reading is in the history and nothing is in flight: the silos' accepted readings (plus
    /// <paramref name="acceptedByGone"/>, those of silos since stopped) equal the history's rows. Each taken message
    /// is appended, then counted as accepted, then acknowledged, so equal counts mean every append was answered.
    /// </summary>
    private static Task WaitSettledAsync(string cs, IReadOnlyList<Sent> expected, IReadOnlyList<SiloProcess> silos, long acceptedByGone, CancellationToken ct) =>
        Poll.UntilAsync($"all {expected.Count} readings in the history and accepted", StepTimeout, async token =>
        {
            var rows = await RawRowsAsync(cs, token);
            var keys = rows.Select(r => (r.DeviceId, r.Seq)).ToHashSet();
            var missing = expected.Count(e => !keys.Contains((e.DeviceId, e.Seq)));
            var accepted = acceptedByGone;
            foreach (var silo in silos)
            {
                accepted += (await IngestionAsync(silo, token)).Accepted;
            }
            var total = rows.Sum(r => r.Count);
            return missing == 0 && accepted == total
                ? true
                : throw new PollRetryException($"{missing} of {expected.Count} readings not in the history; {total} rows; {accepted} accepted");
        }, ct);

    /// <summary>The raw table: exactly the readings sent, each once (the history API hides repeats, the table does not).</summary>
    private static async Task AssertExactlyOnceAsync(string cs, IReadOnlyList<Sent> expected, string when, CancellationToken ct)
    {
        var rows = await RawRowsAsync(cs, ct);
        var wanted = expected.Select(e => (e.DeviceId, e.Seq)).ToHashSet();
        var repeated = rows.Where(r => r.Count != 1).Select(r => $"{r.DeviceId} seq {r.Seq} ×{r.Count}").ToList();
        var unexpected = rows.Where(r => !wanted.Contains((r.DeviceId, r.Seq))).Select(r => $"{r.DeviceId} seq {r.Seq}").ToList();
        var missing = wanted.Except(rows.Select(r => (r.DeviceId, r.Seq))).Select(k => $"{k.DeviceId} seq {k.Seq}").ToList();
        Assert.True(repeated.Count == 0, $"{when}: {repeated.Count} readings are in twin_reading_history more than once: {string.Join(", ", repeated.Take(20))}");
        Assert.True(unexpected.Count == 0, $"{when}: rows nobody sent: {string.Join(", ", unexpected.Take(20))}");
        Assert.True(missing.Count == 0, $"{when}: {missing.Count} readings missing from twin_reading_history: {string.Join(", ", missing.Take(20))}");
        Assert.Equal(expected.Count, rows.Sum(r => r.Count));
    }

    /// <summary>
    /// <c>GET /api/devices/{id}/history</c> of every device (asked of the silos in turn) lists exactly its readings, and
    /// its live reading is its newest (highest seq, latest ts), whichever silo took which.
    /// </summary>
    private static async Task AssertHistoryApiAsync(IReadOnlyList<SiloProcess> silos, IReadOnlyList<Sent> expected, DateTimeOffset origin, CancellationToken ct)
    {
        var to = DateTimeOffset.UtcNow.AddMinutes(1);
        var i = 0;
        foreach (var device in expected.GroupBy(e => e.DeviceId))
        {
            var silo = silos[i++ % silos.Count];
            var history = await silo.HistoryAsync(device.Key, origin.AddMinutes(-1), to, ct);
            Assert.Equal(device.Select(e => e.Seq).Order(), history.Select(r => r.GetProperty("seq").GetInt64()).Order());
            Assert.Equal(device.Max(e => e.Seq), TwinApi.ReadingSeq(await silo.DeviceAsync(device.Key, ct)));
        }
    }

    /// <summary>
    /// No uplink was rejected. The grains' "duplicate" outcome is only reported, not asserted: a device grain that
    /// activates replays every reading already appended to the history, and then answers "duplicate" to the
    /// deliveries of all but the last of them although each was delivered once. Deliveries are counted where they
    /// cannot be mistaken: every delivery appends a row before the grain is asked (<see cref="AssertExactlyOnceAsync"/>).
    /// </summary>
    private static void AssertNoRejections(IngestionCounts counts, string silo)
    {
        Assert.True(counts.Rejected == 0, $"{silo} rejected {counts.Rejected} uplinks.");
        TestContext.Current.TestOutputHelper?.WriteLine($"{silo}: {counts.Accepted} accepted, of which the grains called {counts.Duplicates} duplicate.");
    }

    /// <summary>Rows of <c>twin_reading_history</c> per (device, seq).</summary>
    private static async Task<List<(string DeviceId, long Seq, long Count)>> RawRowsAsync(string cs, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT device_id, seq, count(*) FROM twin_reading_history GROUP BY device_id, seq", connection);
        var rows = new List<(string, long, long)>();
        try
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                rows.Add((reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));
            }
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // The silos install the schema with their first write.
            throw new PollRetryException("twin_reading_history does not exist yet");
        }
        return rows;
    }

    /// <summary>What a silo's <c>/metrics</c> says of its ingestion so far.</summary>
    private sealed record IngestionCounts(long Accepted, long Duplicates, long Rejected);

    /// <summary>Sums <c>twin_ingestion_accepted{kind,outcome}</c> and <c>twin_ingestion_rejected{reason}</c> from the Prometheus text.</summary>
    private static async Task<IngestionCounts> IngestionAsync(SiloProcess silo, CancellationToken ct)
    {
        var text = await silo.Http.GetStringAsync("/metrics", ct);
        long accepted = 0, duplicates = 0, rejected = 0;
        foreach (Match m in MetricLine().Matches(text))
        {
            var value = (long)double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture);
            if (m.Groups["name"].Value == "rejected")
            {
                rejected += value;
                continue;
            }
            accepted += value;
            if (m.Groups["labels"].Value.Contains("outcome=\"duplicate\"", StringComparison.Ordinal))
            {
                duplicates += value;
            }
        }
        return new IngestionCounts(accepted, duplicates, rejected);
    }

    [GeneratedRegex(@"^twin_ingestion_(?<name>accepted|rejected)(?:_total)?(?:\{(?<labels>[^}]*)\})?\s+(?<value>\S+)", RegexOptions.Multiline)]
    private static partial Regex MetricLine();

    /// <summary>The broker's log without the per-packet debug lines (thousands of them).</summary>
    private static string WithoutPacketLines(string log) =>
        string.Join('\n', log.Split('\n').Where(l => !Regex.IsMatch(l, @"(Sending|Received) (PUBLISH|PUBACK|PINGREQ|PINGRESP)")));
}
