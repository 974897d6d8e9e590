using System.Text.Json;
using Orleans.Runtime;
using Twin.Durability.Tests.Infrastructure;

namespace Twin.Durability.Tests;

/// <summary>Two silos clustered through PostgreSQL serve one twin; when one dies the other carries on with the same state.</summary>
[Collection(SiloProcesses.Name)]
public sealed class ClusterTests
{
    /// <summary>How long membership may take to declare a killed silo dead and the survivor to re-activate its grains.</summary>
    private static readonly TimeSpan FailoverTimeout = TimeSpan.FromSeconds(150);

    [Fact]
    public Task TwoSilosOnPostgresqlServeTheSameDeviceStateAndWhenTheSiloHostingTheGrainsIsKilledTheOtherServesTheirState() =>
        Scenario.RunAsync("cluster-postgres", async s =>
        {
            var ct = TestContext.Current.CancellationToken;
            var cs = await s.CreatePostgresDatabaseAsync();
            var settings = s.Silo("silo") with { Storage = "Postgres", Clustering = "Postgres", PostgresConnectionString = cs };
            var a = await s.StartAsync(settings with { Name = "silo A" });
            var b = await s.StartAsync(settings with { Name = "silo B" });
            await Poll.UntilAsync("both silos active in the membership table", TimeSpan.FromSeconds(60),
                async token => await Membership.CountAsync(cs, s.ClusterId, SiloStatus.Active, token) == 2, ct);

            // Several devices, so that (placement being the cluster's choice) some grains live on A and some on B.
            var gauges = (await a.DeviceIdsAsync("river-gauge", ct)).Take(12).ToList();
            var pumps = (await a.DeviceIdsAsync("snow-pump", ct)).Take(4).ToList();
            var origin = DateTimeOffset.UtcNow.AddMinutes(-2);
            var last = new Dictionary<string, long>();
            await using (var publisher = await Publisher.ConnectAsync(a, "durability-cluster-a", ct))
            {
                foreach (var id in gauges)
                {
                    // Below every standby level: the status stays normal, so the later readings live only in the history
                    // and the device's snapshot; a survivor must replay them.
                    for (long seq = 1; seq <= 5; seq++)
                    {
                        await publisher.PublishAcknowledgedAsync("river-gauge", id, Uplinks.Gauge(origin.AddSeconds(seq), seq, 0.10 + seq * 0.001), ct);
                    }
                    last[id] = 5;
                }
                foreach (var id in pumps)
                {
                    await publisher.PublishAcknowledgedAsync("snow-pump", id, Uplinks.Pump(origin.AddSeconds(1), 1, "running", null), ct);
                    await publisher.PublishAcknowledgedAsync("snow-pump", id, Uplinks.Pump(origin.AddSeconds(2), 2, "pump_fault", null), ct);
                    last[id] = 2;
                }
            }

            // Whichever silo is asked, one grain answers: both show the same reading and status.
            var seen = new Dictionary<string, JsonElement>();
            foreach (var (id, seq) in last)
            {
                var fromA = await a.DeviceAsync(id, ct);
                var fromB = await b.DeviceAsync(id, ct);
                Assert.Equal(seq, TwinApi.ReadingSeq(fromA));
                Assert.Equal(fromA.GetProperty("reading").ToString(), fromB.GetProperty("reading").ToString());
                Assert.Equal(fromA.GetProperty("status").GetString(), fromB.GetProperty("status").GetString());
                seen[id] = fromA;
            }
            Assert.All(pumps, id => Assert.Equal("alarm", seen[id].GetProperty("status").GetString()));
            Assert.All(gauges, id => Assert.Equal("normal", seen[id].GetProperty("status").GetString()));

            // Kill the silo that hosts the most of these device grains (asked of Orleans' management grain), so the
            // survivor has to re-activate them from their snapshots plus the history after them.
            var hosts = await Placement.DeviceHostsAsync(a, [.. last.Keys], ct);
            Assert.Equal(last.Count, hosts.Count);
            var onA = hosts.Where(h => h.Value == a.SiloPort).Select(h => h.Key).ToList();
            var onB = hosts.Where(h => h.Value == b.SiloPort).Select(h => h.Key).ToList();
            Assert.Equal(last.Count, onA.Count + onB.Count);
            var (victim, survivor, moved) = onA.Count >= onB.Count ? (a, b, onA) : (b, a, onB);
            TestContext.Current.TestOutputHelper?.WriteLine($"{onA.Count} device grains on A, {onB.Count} on B; killing {victim.Settings.Name}.");
            victim.Note($"killing {victim.Settings.Name}, host of {string.Join(", ", moved)}");
            survivor.Note($"{victim.Settings.Name} is being killed");
            await victim.KillAsync();
            var killed = System.Diagnostics.Stopwatch.StartNew();

            // The survivor serves every device with the state it had, once membership has declared the victim dead.
            foreach (var (id, seq) in last.OrderByDescending(d => moved.Contains(d.Key)))
            {
                await Poll.UntilAsync($"{id} served by {survivor.Settings.Name} with reading seq {seq}", FailoverTimeout - killed.Elapsed, async token =>
                {
                    var device = await survivor.DeviceAsync(id, token);
                    if (TwinApi.ReadingSeq(device) != seq)
                    {
                        throw new PollRetryException($"{id} on {survivor.Settings.Name}: reading seq {TwinApi.ReadingSeq(device)}, want {seq}");
                    }
                    Assert.Equal(seen[id].GetProperty("reading").ToString(), device.GetProperty("reading").ToString());
                    Assert.Equal(seen[id].GetProperty("status").GetString(), device.GetProperty("status").GetString());
                    return true;
                }, ct);
            }
            survivor.Note($"served every device {killed.Elapsed.TotalSeconds:0.0} s after the kill");
            foreach (var (id, seq) in last)
            {
                var history = await survivor.HistoryAsync(id, origin.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1), ct);
                Assert.Equal(Enumerable.Range(1, (int)seq).Select(i => (long)i), history.Select(r => r.GetProperty("seq").GetInt64()).Order());
            }
            TestContext.Current.TestOutputHelper?.WriteLine($"{survivor.Settings.Name} served every device {killed.Elapsed.TotalSeconds:0.0} s after {victim.Settings.Name} was killed.");

            // And the survivor keeps ingesting: a new reading through its own broker is applied.
            await using (var publisher = await Publisher.ConnectAsync(survivor, "durability-cluster-survivor", ct))
            {
                var gauge = moved.FirstOrDefault(gauges.Contains) ?? gauges[0];
                await publisher.PublishAcknowledgedAsync("river-gauge", gauge, Uplinks.Gauge(origin.AddSeconds(6), 6, 0.2), ct);
                Assert.Equal(6, TwinApi.ReadingSeq(await survivor.DeviceAsync(gauge, ct)));
            }
            await Poll.UntilAsync($"{victim.Settings.Name} marked dead in the membership table", FailoverTimeout,
                async token => await Membership.CountAsync(cs, s.ClusterId, SiloStatus.Dead, token) >= 1, ct);
        });
}
