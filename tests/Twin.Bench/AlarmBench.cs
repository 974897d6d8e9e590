using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Twin.Durability.Tests.Infrastructure;
using Twin.Silo.Tests.Alarms;

namespace Twin.Bench;

/// <summary>
/// Alarms measured on a silo process (SQLite) whose one webhook is a receiver in this process: the notifications a
/// snow storm of 300 pump faults in one minute makes, and the delay from a pump's reading to its webhook while a
/// steady stream of other readings flows.
/// </summary>
public static class AlarmBench
{
    public static async Task RunAsync(BenchOptions o, Report report)
    {
        var temp = Directory.CreateTempSubdirectory("twin-bench-alarms-");
        var hookPort = FreePorts.Take(1)[0];
        await using var receiver = await WebhookReceiver.StartAsync(hookPort);
        var settings = new SiloSettings("bench-alarms", "bench-" + Guid.NewGuid().ToString("N")[..8], "bench-" + Guid.NewGuid().ToString("N")[..8])
        {
            Storage = "Sqlite",
            SqlitePath = Path.Combine(temp.FullName, "twin.db"),
            Extra =
            [
                $"--Twin:Alarms:WebhookUrl=http://127.0.0.1:{hookPort}/hook",
                "--Twin:Ingestion:MaxReadingsPerDevicePerMinute=1000000",
                "--Twin:Catalog:SyntheticDevices=10000",
                "--Logging:LogLevel:Default=Warning",
            ],
        };
        try
        {
            await using var silo = await SiloProcess.StartAsync(settings, TimeSpan.FromMinutes(3));
            var pumps = (await silo.Http.GetFromJsonAsync<JsonElement>("/api/devices?kind=snow-pump"))
                .EnumerateArray().Select(d => (Id: d.GetProperty("id").GetString()!, District: d.GetProperty("district").GetString()!))
                .Where(p => !p.Id.StartsWith("syn-", StringComparison.Ordinal)).ToList();
            var mqtt = new MqttClientFactory().CreateMqttClient();
            await mqtt.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", silo.MqttPort).WithProtocolVersion(MqttProtocolVersion.V500)
                .WithClientId("bench-alarms").WithCredentials(Twin.Tests.Shared.MqttTestCredentials.FleetUsername, Twin.Tests.Shared.MqttTestCredentials.FleetPassword).Build());
            var seq = 0L;
            async Task PublishAsync(string pump, string state)
            {
                var s = Interlocked.Increment(ref seq);
                var json = string.Create(CultureInfo.InvariantCulture, $"{{\"ts\":\"{DateTimeOffset.UtcNow:O}\",\"seq\":{s},\"state\":\"{state}\"{(state == "running" ? ",\"pressure_mpa\":0.3" : "")}}}");
                await mqtt.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"toyama/snow-pump/{pump}/up").WithPayload(json)
                    .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
            }

            // Steady: one pump fault a second spread over the districts (no district reaches a burst), each cleared
            // again, while a simulated fleet sends 2,000 readings/s; the delay is publish → webhook of the raise.
            // Round-robin over the districts, so that no district comes near a burst (10 within 60 s).
            var steady = pumps.GroupBy(p => p.District)
                .SelectMany(g => g.Take(9).Select((p, n) => (p, n)))
                .OrderBy(x => x.n).ThenBy(x => x.p.District, StringComparer.Ordinal)
                .Select(x => x.p).Take(60).ToList();
            var publishedAt = new Dictionary<string, DateTimeOffset>();
            var background = Publisher.RunAsync(silo.MqttPort, "--cadence", "fixed", "--rate", "2000", "--synthetic", "10000", "--connections", "8", "--duration", IngestBench.Secs(o.Duration + TimeSpan.FromSeconds(10)));
            var clock = Stopwatch.StartNew();
            var i = 0;
            foreach (var pump in steady)
            {
                if (clock.Elapsed > o.Duration)
                {
                    break;
                }
                publishedAt[pump.Id] = DateTimeOffset.UtcNow;
                await PublishAsync(pump.Id, "pump_fault");
                i++;
                var next = TimeSpan.FromSeconds(i);
                if (next > clock.Elapsed)
                {
                    await Task.Delay(next - clock.Elapsed);
                }
            }
            await DrainAsync(silo);
            // The simulated fleet's own pumps may fault too and push a district into a burst: only raises told alone count.
            var delays = receiver.Requests.Where(r => r.Action == "raise" && r.Members == 0 && r.Source is { } s && publishedAt.ContainsKey(s))
                .Select(r => (r.At - publishedAt[r.Source!]).TotalMilliseconds).Order().ToList();
            var fleet = await background;
            report.Add($"alarms: pump fault reading → webhook, {delays.Count} of {publishedAt.Count} alarms at 1/s told alone, beside {fleet.AcknowledgedPerS:N0} readings/s",
                $"p50 {Percentile(delays, 0.50):0} ms, p99 {Percentile(delays, 0.99):0} ms, max {delays.Max():0} ms", "≤ 2 s");
            foreach (var pump in steady)
            {
                await PublishAsync(pump.Id, "running");
            }
            await DrainAsync(silo);

            // The storm: every other pump faults within one minute.
            var storm = pumps.Except(steady).ToList();
            var before = receiver.Requests.Count;
            clock.Restart();
            for (var n = 0; n < storm.Count; n++)
            {
                await PublishAsync(storm[n].Id, "pump_fault");
                var next = TimeSpan.FromSeconds(60.0 * (n + 1) / storm.Count);
                if (next > clock.Elapsed)
                {
                    await Task.Delay(next - clock.Elapsed);
                }
            }
            await Task.Delay(TimeSpan.FromSeconds(75)); // the groups' last notifications go a window after their first untold member
            await DrainAsync(silo);
            var stormIds = storm.Select(p => p.Id).ToHashSet();
            var stormTold = receiver.Requests.Skip(before).Where(r => r.Action == "raise" && r.Source is { } s && stormIds.Contains(s)).ToList();
            var groups = stormTold.Count(r => r.Members > 0);
            var districts = storm.Select(p => p.District).Distinct().Count();
            report.Add($"alarms: snow storm, {storm.Count} pump faults in 60 s over {districts} districts",
                $"{stormTold.Count} webhook notifications: {stormTold.Count - groups} alone, {groups} group notifications listing {stormTold.Where(r => r.Members > 0).Sum(r => r.Members)} members",
                "first alarms at once, the rest grouped");
            await mqtt.DisconnectAsync();
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }

    private static async Task DrainAsync(SiloProcess silo) =>
        await Poll.UntilAsync("the outbox to drain", TimeSpan.FromSeconds(120), async token =>
            (await silo.Http.GetFromJsonAsync<JsonElement>("/api/alarms/notifications/stats", token)).GetProperty("pending").GetInt64() == 0);

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
