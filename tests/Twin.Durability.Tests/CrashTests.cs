using System.Collections.Concurrent;
using System.Text;
using Twin.Durability.Tests.Infrastructure;

namespace Twin.Durability.Tests;

/// <summary>kill -9 in the middle of a stream of uplinks loses nothing the broker acknowledged.</summary>
[Collection(SiloProcesses.Name)]
public sealed class CrashTests
{
    private const int Devices = 50;
    private const int Connections = 10;
    private const int KillAfterAcknowledgements = 1500;
    private const int MaxReadingsPerDevice = 2000;

    [Fact]
    public Task AfterKillMinus9MidStreamOnSqliteEveryAcknowledgedReadingIsInTheHistoryAndInTheLiveState() =>
        Scenario.RunAsync("crash-sqlite", async s =>
        {
            var settings = s.Silo("silo") with { Storage = "Sqlite", SqlitePath = Path.Combine(s.Directory, "twin.db"), Extra = Unthrottled };
            await KillMidStreamLosesNothingAcknowledgedAsync(s, settings);
        });

    [Fact]
    public Task AfterKillMinus9MidStreamOnPostgresqlEveryAcknowledgedReadingIsInTheHistoryAndInTheLiveState() =>
        Scenario.RunAsync("crash-postgres", async s =>
        {
            var settings = s.Silo("silo") with { Storage = "Postgres", PostgresConnectionString = await s.CreatePostgresDatabaseAsync(), Extra = Unthrottled };
            await KillMidStreamLosesNothingAcknowledgedAsync(s, settings);
        });

    /// <summary>The stream is far above a real device's rate; lift the flood limit so every reading is judged on durability alone.</summary>
    private static readonly string[] Unthrottled = ["--Twin:Ingestion:MaxReadingsPerDevicePerMinute=1000000"];

    /// <summary>One device's stream: what was sent, what the broker acknowledged, what was answered otherwise.</summary>
    private sealed class DeviceStream(string kind, string id, Func<DateTimeOffset, long, string> payload)
    {
        public string Kind { get; } = kind;
        public string Id { get; } = id;
        public Func<DateTimeOffset, long, string> Payload { get; } = payload;
        public ConcurrentDictionary<long, bool> Acknowledged { get; } = new();
        public ConcurrentQueue<string> Refused { get; } = new();
        public long HighestSent;
        public long? InFlightWhenCut;
    }

    private static async Task KillMidStreamLosesNothingAcknowledgedAsync(Scenario s, SiloSettings settings)
    {
        var ct = TestContext.Current.CancellationToken;
        var first = await s.StartAsync(settings with { Name = "silo (killed)" });
        // Every river gauge, topped up with bridge joints (gaps mid-range) to make the fleet.
        var streams = (await first.DeviceIdsAsync("river-gauge", ct)).Take(Devices)
            .Select(id => new DeviceStream("river-gauge", id, (ts, seq) => Uplinks.Gauge(ts, seq, 0.30 + (seq % 2) * 0.001)))
            .ToList();
        foreach (var id in (await first.DeviceIdsAsync("bridge-joint", ct)).Take(Devices - streams.Count))
        {
            var t = (await first.DeviceAsync(id, ct)).GetProperty("thresholds");
            var mid = (t.GetProperty("gap_min_mm").GetDouble() + t.GetProperty("gap_max_mm").GetDouble()) / 2;
            streams.Add(new DeviceStream("bridge-joint", id, (ts, seq) => Uplinks.Joint(ts, seq, mid + (seq % 2) * 0.1)));
        }
        Assert.Equal(Devices, streams.Count);

        var publishers = new List<Publisher>();
        for (var c = 0; c < Connections; c++)
        {
            publishers.Add(await Publisher.ConnectAsync(first, $"durability-crash-{c}", ct));
        }

        // ts: from four minutes ago, 50 ms apart per reading, so a device's ts rises with its seq and never reaches the future.
        var origin = DateTimeOffset.UtcNow.AddMinutes(-4);
        var acknowledgements = 0;
        var killNow = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);

        // Each device publishes in seq order (its next reading after the previous PUBACK); the devices run
        // concurrently, several per connection, so many readings are in flight at any moment.
        async Task RunDeviceAsync(DeviceStream stream, Publisher publisher)
        {
            await Task.Yield();
            for (long seq = 1; seq <= MaxReadingsPerDevice && !stop.IsCancellationRequested; seq++)
            {
                var json = stream.Payload(origin.AddMilliseconds(seq * 50), seq);
                Interlocked.Exchange(ref stream.HighestSent, seq);
                MQTTnet.MqttClientPublishResult result;
                try
                {
                    result = await publisher.PublishAsync(stream.Kind, stream.Id, json, stop.Token);
                }
                catch (Exception)
                {
                    // Cut off (the broker died, or we stopped): this one is unacknowledged; it may or may not have landed.
                    stream.InFlightWhenCut = seq;
                    return;
                }
                if (Publisher.Acknowledged(result))
                {
                    stream.Acknowledged[seq] = true;
                    if (Interlocked.Increment(ref acknowledgements) == KillAfterAcknowledgements)
                    {
                        killNow.TrySetResult();
                    }
                }
                else
                {
                    stream.Refused.Enqueue($"seq {seq}: {result.ReasonCode} {result.ReasonString}");
                }
            }
        }

        var running = streams.Select((stream, i) => RunDeviceAsync(stream, publishers[i % Connections])).ToList();
        await killNow.Task.WaitAsync(TimeSpan.FromSeconds(120), ct);
        await first.KillAsync();
        var killedAt = Volatile.Read(ref acknowledgements);

        // Every publish now ends: PUBACKs that beat the kill count as acknowledged, the rest fail with the connection.
        var drained = Task.WhenAll(running);
        try
        {
            await drained.WaitAsync(TimeSpan.FromSeconds(60), ct);
        }
        finally
        {
            await stop.CancelAsync();
            foreach (var p in publishers)
            {
                await p.DisposeAsync();
            }
        }

        var refused = streams.SelectMany(st => st.Refused.Select(r => $"{st.Id} {r}")).ToList();
        Assert.True(refused.Count == 0, "Readings refused before the kill:\n" + string.Join('\n', refused.Take(20)));
        var totalAcknowledged = streams.Sum(st => st.Acknowledged.Count);
        Assert.True(totalAcknowledged >= KillAfterAcknowledgements);
        var cut = streams.Count(st => st.InFlightWhenCut is not null);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{killedAt} acknowledged when the kill was sent, {totalAcknowledged} in all; {cut} of {Devices} devices had a reading in flight when the silo died.");
        Assert.True(cut > 0, "The kill should cut some publishes off in flight; none were, so this run did not test a crash mid-stream.");

        var second = await s.StartAsync(settings with { Name = "silo (after kill -9)" });
        var to = DateTimeOffset.UtcNow.AddMinutes(1);
        var problems = new StringBuilder();
        var landedUnacknowledged = 0;
        foreach (var stream in streams)
        {
            var acked = stream.Acknowledged.Keys.Order().ToList();
            var highestAcked = acked.Count == 0 ? 0 : acked[^1];

            // History ⊇ acknowledged (and nothing that was never sent).
            var history = (await second.HistoryAsync(stream.Id, origin.AddMinutes(-1), to, ct)).Select(r => r.GetProperty("seq").GetInt64()).ToHashSet();
            var lost = acked.Where(seq => !history.Contains(seq)).ToList();
            if (lost.Count > 0)
            {
                problems.AppendLine($"{stream.Kind}/{stream.Id}: {lost.Count} acknowledged readings missing from the history, e.g. seq {string.Join(", ", lost.Take(10))}");
            }
            if (stream.InFlightWhenCut is { } inFlight && !stream.Acknowledged.ContainsKey(inFlight) && history.Contains(inFlight))
            {
                landedUnacknowledged++;
            }
            var invented = history.Where(seq => seq > stream.HighestSent || seq < 1).ToList();
            if (invented.Count > 0)
            {
                problems.AppendLine($"{stream.Kind}/{stream.Id}: history holds seq never sent: {string.Join(", ", invented.Take(10))}");
            }

            // Live state: at least the highest acknowledged seq (an unacknowledged in-flight one may have landed too), never beyond what was sent.
            var live = TwinApi.ReadingSeq(await second.DeviceAsync(stream.Id, ct)) ?? 0;
            if (live < highestAcked || live > stream.HighestSent)
            {
                problems.AppendLine($"{stream.Kind}/{stream.Id}: live reading seq {live}, highest acknowledged {highestAcked}, highest sent {stream.HighestSent}");
            }
        }
        TestContext.Current.TestOutputHelper?.WriteLine($"{landedUnacknowledged} of the {cut} readings cut off in flight were in the history after the restart (durable, PUBACK lost with the silo).");
        Assert.True(problems.Length == 0, "After kill -9 and restart:\n" + problems);
    }
}
