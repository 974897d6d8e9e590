using System.Text.Json;
using Twin.Durability.Tests.Infrastructure;

namespace Twin.Durability.Tests;

/// <summary>A silo stopped gracefully and started again on the same database keeps every device's live state and history.</summary>
[Collection(SiloProcesses.Name)]
public sealed class RestartTests
{
    [Fact]
    public Task AfterAGracefulRestartOnSqliteEveryDeviceShowsItsLastReadingAndStatusAndTheHistoryHasEveryReading() =>
        Scenario.RunAsync("restart-sqlite", async s =>
        {
            var settings = s.Silo("silo") with { Storage = "Sqlite", SqlitePath = Path.Combine(s.Directory, "twin.db") };
            await RestartKeepsStateAndHistoryAsync(s, settings);
        });

    [Fact]
    public Task AfterAGracefulRestartOnPostgresqlEveryDeviceShowsItsLastReadingAndStatusAndTheHistoryHasEveryReading() =>
        Scenario.RunAsync("restart-postgres", async s =>
        {
            var settings = s.Silo("silo") with { Storage = "Postgres", PostgresConnectionString = await s.CreatePostgresDatabaseAsync() };
            await RestartKeepsStateAndHistoryAsync(s, settings);
        });

    /// <summary>What one device was sent: its kind, and each reading by seq.</summary>
    private sealed record Sent(string Kind, string Id, SortedDictionary<long, (DateTimeOffset Ts, string Json)> Readings);

    private static async Task RestartKeepsStateAndHistoryAsync(Scenario s, SiloSettings settings)
    {
        var ct = TestContext.Current.CancellationToken;
        var first = await s.StartAsync(settings with { Name = "silo (first run)" });

        var gauges = (await first.DeviceIdsAsync("river-gauge", ct)).Take(3).ToList();
        var pumps = (await first.DeviceIdsAsync("snow-pump", ct)).Take(3).ToList();
        var joints = (await first.DeviceIdsAsync("bridge-joint", ct)).Take(3).ToList();
        Assert.Equal(3, gauges.Count);
        Assert.Equal(3, pumps.Count);
        Assert.Equal(3, joints.Count);

        // Within the decoder's window: a few minutes ago, never in the future.
        var now = DateTimeOffset.UtcNow;
        var origin = new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero).AddMinutes(-3);
        var sent = new List<Sent>();
        await using (var publisher = await Publisher.ConnectAsync(first, "durability-restart", ct))
        {
            for (var g = 0; g < gauges.Count; g++)
            {
                var t = Thresholds(await first.DeviceAsync(gauges[g], ct));
                // Gauge 0 ends just below standby (normal), gauge 1 between caution and evacuation (warning or worse), gauge 2 above danger.
                var last = g switch
                {
                    0 => t["standby_m"] - 0.05,
                    1 => (t["caution_m"] + t["evacuation_m"]) / 2,
                    _ => t["danger_m"] + 0.2,
                };
                var levels = new[] { last - 0.003, last - 0.002, last - 0.001, last };
                sent.Add(await SendAsync(publisher, "river-gauge", gauges[g], origin, levels.Select(l => (Func<DateTimeOffset, long, string>)((ts, seq) => Uplinks.Gauge(ts, seq, l))), ct));
            }
            for (var p = 0; p < pumps.Count; p++)
            {
                var t = Thresholds(await first.DeviceAsync(pumps[p], ct));
                var ok = (t["min_pressure_mpa"] + t["max_pressure_mpa"]) / 2;
                // Pump 0 ends running (normal), pump 1 with a fault lamp (alarm), pump 2 reports low water (warning).
                var lastState = p switch { 0 => "running", 1 => "pump_fault", _ => "low_water" };
                var states = new[] { "stopped", "running", "running", lastState };
                sent.Add(await SendAsync(publisher, "snow-pump", pumps[p], origin, states.Select(st => (Func<DateTimeOffset, long, string>)((ts, seq) => Uplinks.Pump(ts, seq, st, st == "running" ? ok : null))), ct));
            }
            for (var j = 0; j < joints.Count; j++)
            {
                var t = Thresholds(await first.DeviceAsync(joints[j], ct));
                var mid = (t["gap_min_mm"] + t["gap_max_mm"]) / 2;
                // Joint 0 stays within its limits, joint 1 ends past its gap limit (alarm).
                var last = j == 1 ? t["gap_max_mm"] + 5 : mid + 0.5;
                var gaps = new[] { mid, mid + 0.2, mid + 0.3, last };
                sent.Add(await SendAsync(publisher, "bridge-joint", joints[j], origin, gaps.Select(gap => (Func<DateTimeOffset, long, string>)((ts, seq) => Uplinks.Joint(ts, seq, gap))), ct));
            }
        }

        // The PUBACK came after the grain applied the reading: the live state shows it now.
        var before = new Dictionary<string, JsonElement>();
        foreach (var device in sent)
        {
            var state = await first.DeviceAsync(device.Id, ct);
            Assert.Equal(device.Readings.Keys.Max(), TwinApi.ReadingSeq(state));
            before[device.Id] = state;
        }
        Assert.Equal("alarm", before[pumps[1]].GetProperty("status").GetString());
        Assert.Equal("warning", before[pumps[2]].GetProperty("status").GetString());
        Assert.Equal("normal", before[pumps[0]].GetProperty("status").GetString());
        Assert.Equal("normal", before[gauges[0]].GetProperty("status").GetString());
        Assert.Equal("critical", before[gauges[2]].GetProperty("status").GetString());

        var exitCode = await first.StopGracefullyAsync();
        Assert.Equal(0, exitCode);

        var second = await s.StartAsync(settings with { Name = "silo (restarted)" });
        var to = DateTimeOffset.UtcNow.AddMinutes(1);
        foreach (var device in sent)
        {
            var after = await second.DeviceAsync(device.Id, ct);
            var (lastSeq, (lastTs, _)) = device.Readings.Last();
            var reading = after.GetProperty("reading");
            Assert.True(reading.ValueKind == JsonValueKind.Object, $"{device.Id} has no reading after the restart: {after}");
            Assert.Equal(lastSeq, reading.GetProperty("seq").GetInt64());
            Assert.Equal(lastTs, DateTimeOffset.Parse(reading.GetProperty("ts").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(before[device.Id].GetProperty("reading").ToString(), reading.ToString());
            Assert.Equal(before[device.Id].GetProperty("status").GetString(), after.GetProperty("status").GetString());
            Assert.NotEqual("unknown", after.GetProperty("status").GetString());

            var history = await second.HistoryAsync(device.Id, origin.AddMinutes(-10), to, ct);
            Assert.Equal(device.Readings.Keys, history.Select(r => r.GetProperty("seq").GetInt64()).Order());
            foreach (var row in history)
            {
                var seq = row.GetProperty("seq").GetInt64();
                var expected = JsonDocument.Parse(device.Readings[seq].Json).RootElement;
                Assert.Equal(device.Readings[seq].Ts, DateTimeOffset.Parse(row.GetProperty("ts").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
                foreach (var field in expected.EnumerateObject().Where(f => f.Name is not "ts" and not "seq"))
                {
                    Assert.True(row.TryGetProperty(field.Name, out var value), $"{device.Id} seq {seq}: history row {row} lacks {field.Name}");
                    if (field.Value.ValueKind == JsonValueKind.Number)
                    {
                        Assert.Equal(field.Value.GetDouble(), value.GetDouble());
                    }
                    else
                    {
                        Assert.Equal(field.Value.ToString(), value.ToString());
                    }
                }
            }
        }
    }

    private static async Task<Sent> SendAsync(Publisher publisher, string kind, string id, DateTimeOffset origin, IEnumerable<Func<DateTimeOffset, long, string>> payloads, CancellationToken ct)
    {
        var readings = new SortedDictionary<long, (DateTimeOffset, string)>();
        var seq = 0L;
        foreach (var payload in payloads)
        {
            seq++;
            var ts = origin.AddSeconds(seq * 10);
            var json = payload(ts, seq);
            await publisher.PublishAcknowledgedAsync(kind, id, json, ct);
            readings[seq] = (ts, json);
        }
        return new Sent(kind, id, readings);
    }

    private static Dictionary<string, double> Thresholds(JsonElement device) =>
        device.GetProperty("thresholds").EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Number).ToDictionary(p => p.Name, p => p.Value.GetDouble());
}
