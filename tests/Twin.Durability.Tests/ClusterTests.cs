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
            var (a, b, cs) = await StartTwoSilosAsync(s, ct);

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

    [Fact]
    public Task WhenTheSiloHostingADistrictIsKilledTheSurvivorShowsTheDistrictsDevicesWithoutANewReading() =>
        Scenario.RunAsync("cluster-district-failover", async s =>
        {
            var ct = TestContext.Current.CancellationToken;
            var (a, b, cs) = await StartTwoSilosAsync(s, ct);

            // The district's grain is activated through A (the first call to it, the list below), its pumps' grains
            // alternately through A and B, with no reading: placement is the cluster's choice (resource-optimised,
            // preferring the silo asked), so the district lives on one silo and some of its pumps on the other.
            const string district = "fuchu";
            var pumps = (await a.DeviceStatusesAsync(district, "snow-pump", ct)).Keys.Take(12).ToList();
            Assert.Equal(12, pumps.Count);
            for (var i = 0; i < pumps.Count; i++)
            {
                await (i % 2 == 0 ? a : b).DeviceAsync(pumps[i], ct);
            }
            var districtHost = await Placement.DistrictHostAsync(a, district, ct) ?? throw new InvalidOperationException($"district {district} is not active");
            var pumpHosts = await Placement.DeviceHostsAsync(a, pumps, ct);
            var (victim, survivor) = districtHost == a.SiloPort ? (a, b) : (b, a);
            // Only pumps living on the survivor are given readings: the others die with the victim and stay unknown, as they were.
            var living = pumps.Where(p => pumpHosts.GetValueOrDefault(p) == survivor.SiloPort).ToList();
            var placement = $"district {district} on {victim.Settings.Name}; pumps on {survivor.Settings.Name}: {string.Join(", ", living)}";
            TestContext.Current.TestOutputHelper?.WriteLine(placement);
            Assert.True(living.Count >= 2, $"Too few pumps live apart from their district for this test: {placement}");

            // Half of them light the fault lamp (alarm), half report low water (warning); the district hears of it.
            var origin = DateTimeOffset.UtcNow.AddMinutes(-1);
            var expected = living.Select((id, i) => (Id: id, Status: i % 2 == 0 ? "alarm" : "warning")).ToList();
            var faults = expected.Count(e => e.Status == "alarm");
            var lowWater = expected.Count - faults;
            await using (var publisher = await Publisher.ConnectAsync(survivor, "durability-district-failover", ct))
            {
                foreach (var (id, status) in expected)
                {
                    await publisher.PublishAcknowledgedAsync("snow-pump", id, Uplinks.Pump(origin, 1, status == "alarm" ? "pump_fault" : "low_water", null), ct);
                }
            }
            string Shown(JsonElement d) =>
                $"{d.GetProperty("status").GetString()}, pumps {d.GetProperty("pumps").GetProperty("faults").GetInt32()} faults "
                + $"{d.GetProperty("pumps").GetProperty("lowWater").GetInt32()} low water {d.GetProperty("pumps").GetProperty("reporting").GetInt32()} reporting";
            var want = $"alarm, pumps {faults} faults {lowWater} low water {expected.Count} reporting";
            await Poll.UntilAsync($"{district} shows {want}", TimeSpan.FromSeconds(30), async token =>
                Shown(await survivor.DistrictAsync(district, token)) == want, ct);

            victim.Note($"killing {victim.Settings.Name}, host of district {district}");
            survivor.Note($"{victim.Settings.Name} is being killed");
            await victim.KillAsync();
            var killed = System.Diagnostics.Stopwatch.StartNew();

            // The survivor re-activates the district; no pump sends anything new, yet every count comes back.
            await Poll.UntilAsync($"{district} re-activated on {survivor.Settings.Name} shows {want}", FailoverTimeout, async token =>
            {
                var shown = Shown(await survivor.DistrictAsync(district, token));
                return shown == want ? true : throw new PollRetryException($"{district} shows {shown}");
            }, ct);
            var statuses = await survivor.DeviceStatusesAsync(district, "snow-pump", ct);
            Assert.All(expected, e => Assert.Equal(e.Status, statuses[e.Id]));
            Assert.All(pumps.Except(living), id => Assert.Equal("unknown", statuses[id]));
            var byKind = (await survivor.DistrictAsync(district, ct)).GetProperty("counts").GetProperty("byKind").GetProperty("snow-pump");
            Assert.Equal(faults, byKind.GetProperty("alarm").GetInt32());
            Assert.Equal(lowWater, byKind.GetProperty("warning").GetInt32());
            await Poll.UntilAsync($"the city shows {faults} pump faults", TimeSpan.FromSeconds(30), async token =>
            {
                var city = await survivor.CityAsync(token);
                return city.GetProperty("status").GetString() == "alarm" && city.GetProperty("pumps").GetProperty("faults").GetInt32() == faults;
            }, ct);
            survivor.Note($"district {district} whole again {killed.Elapsed.TotalSeconds:0.0} s after the kill");
            TestContext.Current.TestOutputHelper?.WriteLine($"{survivor.Settings.Name} showed district {district} whole {killed.Elapsed.TotalSeconds:0.0} s after {victim.Settings.Name} was killed.");

            // Nothing new was read: each pump's history still holds its one reading.
            foreach (var (id, _) in expected)
            {
                var history = await survivor.HistoryAsync(id, origin.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1), ct);
                Assert.Equal([1L], history.Select(r => r.GetProperty("seq").GetInt64()));
            }
        });

    [Fact]
    public Task ATokenOrASignInCookieFromOneSiloWorksOnTheOther() =>
        Scenario.RunAsync("cluster-access", async s =>
        {
            var ct = TestContext.Current.CancellationToken;
            var (a, b, _) = await StartTwoSilosAsync(s, ct);

            // Both silos signed their tokens with the one key the first of them stored in the database.
            var token = await a.TokenAsync(ct: ct);
            foreach (var silo in new[] { a, b })
            {
                using var http = new HttpClient { BaseAddress = silo.Http.BaseAddress };
                http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
                using var response = await http.GetAsync("/api/devices?kind=river-gauge", ct);
                Assert.True(response.StatusCode == System.Net.HttpStatusCode.OK, $"{silo.Settings.Name} answered {(int)response.StatusCode} to A's token");
            }

            // The page's cookie and its antiforgery token are data-protected with the key ring both read from the database:
            // the form comes from A, the sign-in goes to B, the cookie B sets works on A (cookies belong to the host, not the port).
            var cookies = new System.Net.CookieContainer();
            using var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false });
            var page = await browser.GetStringAsync(new Uri(a.Http.BaseAddress!, "/login"), ct);
            var field = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
            using var signIn = new HttpRequestMessage(HttpMethod.Post, new Uri(b.Http.BaseAddress!, "/login"))
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["__RequestVerificationToken"] = field,
                    ["name"] = SiloAccounts.Admin,
                    ["password"] = SiloAccounts.AdminPassword,
                }),
            };
            using var signedIn = await browser.SendAsync(signIn, ct);
            Assert.Equal(System.Net.HttpStatusCode.Redirect, signedIn.StatusCode);
            Assert.NotNull(cookies.GetCookies(b.Http.BaseAddress!)["twin.session"]);
            using var me = await browser.GetAsync(new Uri(a.Http.BaseAddress!, "/api/auth/me"), ct);
            Assert.Equal(System.Net.HttpStatusCode.OK, me.StatusCode);
        });

    /// <summary>Silos A and B on one PostgreSQL database (storage and clustering), once both are active in the membership table.</summary>
    private static async Task<(SiloProcess A, SiloProcess B, string ConnectionString)> StartTwoSilosAsync(Scenario s, CancellationToken ct)
    {
        var cs = await s.CreatePostgresDatabaseAsync();
        var settings = s.Silo("silo") with { Storage = "Postgres", Clustering = "Postgres", PostgresConnectionString = cs };
        var a = await s.StartAsync(settings with { Name = "silo A" });
        var b = await s.StartAsync(settings with { Name = "silo B" });
        await Poll.UntilAsync("both silos active in the membership table", TimeSpan.FromSeconds(60),
            async token => await Membership.CountAsync(cs, s.ClusterId, SiloStatus.Active, token) == 2, ct);
        return (a, b, cs);
    }
}
