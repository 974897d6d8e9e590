using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Twin.Catalog;
using Twin.Grains.Abstractions;
using Twin.Silo.Ingestion;

namespace Twin.Silo.Tests.Ingestion;

[Collection(TwinAppCollection.Name)]
public sealed class LoRaWanIngestionTests(TwinAppFixture app)
{
    private TwinCatalog Catalog => app.Services.GetRequiredService<TwinCatalog>();

    private static string Sample(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "samples", name));

    private static string NowUtc(int secondsAgo = 0) =>
        DateTimeOffset.UtcNow.AddSeconds(-secondsAgo).ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture);

    /// <summary>The shared TTS sample, re-addressed to a catalog device and stamped now.</summary>
    private static (string Topic, JsonObject Payload) Tts(DeviceInfo device, long fCnt, bool keepDecoded)
    {
        var sample = JsonNode.Parse(Sample("tts-v3-river-gauge-uplink.json"))!.AsObject();
        var payload = sample["payload"]!.AsObject();
        payload["end_device_ids"]!["dev_eui"] = device.DevEui.ToLowerInvariant();
        payload["received_at"] = NowUtc();
        var up = payload["uplink_message"]!.AsObject();
        up["received_at"] = NowUtc();
        up["f_cnt"] = fCnt;
        if (!keepDecoded)
        {
            up.Remove("decoded_payload");
        }
        return ((string)sample["topic"]!, payload);
    }

    private static (string Topic, JsonObject Payload) ChirpStack(DeviceInfo device, long fCnt, string? data = null)
    {
        var sample = JsonNode.Parse(Sample("chirpstack-v4-buoy-uplink.json"))!.AsObject();
        var payload = sample["payload"]!.AsObject();
        payload["deviceInfo"]!["devEui"] = device.DevEui.ToLowerInvariant();
        payload["time"] = NowUtc();
        payload["fCnt"] = fCnt;
        if (data is not null)
        {
            payload["data"] = data;
        }
        var topic = $"application/{payload["deviceInfo"]!["applicationId"]}/device/{device.DevEui.ToLowerInvariant()}/event/up";
        return (topic, payload);
    }

    private async Task<JsonElement> DeviceAsync(string id) =>
        await app.Http.GetFromJsonAsync<JsonElement>($"/api/devices/{id}", TestContext.Current.CancellationToken);

    [Fact]
    public async Task ATtsUplinkWithADecodedPayloadIsMatchedByDevEuiAndKeepsItsRadioMetadata()
    {
        var gauge = Catalog.Devices.Where(d => d.Kind == DeviceKind.RiverGauge).Skip(3).First();
        var (topic, payload) = Tts(gauge, 1842, keepDecoded: true);
        var (exit, output) = await app.MosquittoPubAsync(topic, payload.ToJsonString());
        Assert.True(exit == 0, output);

        var d = await DeviceAsync(gauge.Id);
        Assert.Equal(1.42, d.GetProperty("reading").GetProperty("level_m").GetDouble());
        Assert.Equal(1842, d.GetProperty("reading").GetProperty("seq").GetInt64());
        Assert.Equal("toyama-gw-017", d.GetProperty("health").GetProperty("gateway").GetString());
        Assert.Equal(-104, d.GetProperty("health").GetProperty("rssi").GetDouble());
        Assert.Equal(4.5, d.GetProperty("health").GetProperty("snr").GetDouble());
    }

    [Fact]
    public async Task ARawTtsUplinkIsDecodedWithTheDevicesCodec()
    {
        var gauge = Catalog.Devices.Where(d => d.Kind == DeviceKind.RiverGauge).Skip(4).First();
        var (topic, payload) = Tts(gauge, 7, keepDecoded: false);
        var (exit, output) = await app.MosquittoPubAsync(topic, payload.ToJsonString());
        Assert.True(exit == 0, output);

        var reading = (await DeviceAsync(gauge.Id)).GetProperty("reading");
        Assert.Equal(1.42, reading.GetProperty("level_m").GetDouble());
        Assert.Equal(3.61, reading.GetProperty("battery_v").GetDouble());
    }

    [Fact]
    public async Task ARawChirpStackBuoyUplinkIsDecodedAsCayenneLppWithTheProfilesChannelNames()
    {
        var buoy = Catalog.Devices.First(d => d.Kind == DeviceKind.EnvSensor && d.Group == "buoy");
        var (topic, payload) = ChirpStack(buoy, 5120);
        var (exit, output) = await app.MosquittoPubAsync(topic, payload.ToJsonString());
        Assert.True(exit == 0, output);

        var d = await DeviceAsync(buoy.Id);
        var metrics = d.GetProperty("reading").GetProperty("metrics");
        Assert.Equal(14.3, metrics.GetProperty("water_temp_c").GetDouble());
        Assert.Equal(33.52, metrics.GetProperty("salinity_psu").GetDouble());
        Assert.Equal(8.1, metrics.GetProperty("temperature_3").GetDouble());
        Assert.Equal("58a0cbfffe801203", d.GetProperty("health").GetProperty("gateway").GetString());
    }

    [Fact]
    public async Task ADecodedChirpStackObjectIsUsedWhenPresent()
    {
        var pump = Catalog.Devices.First(d => d.Kind == DeviceKind.SnowPump && d.District == "fuchu");
        var (topic, payload) = ChirpStack(pump, 3);
        payload.Remove("data");
        payload["object"] = new JsonObject { ["state"] = "inverter_fault" };
        var (exit, output) = await app.MosquittoPubAsync(topic, payload.ToJsonString());
        Assert.True(exit == 0, output);

        var d = await DeviceAsync(pump.Id);
        Assert.Equal("inverter_fault", d.GetProperty("reading").GetProperty("state").GetString());
        Assert.Equal("alarm", d.GetProperty("status").GetString());
    }

    [Fact]
    public async Task AFrameCounterRolloverIsAcceptedBecauseTheTimeIsNewer()
    {
        var gauge = Catalog.Devices.Where(d => d.Kind == DeviceKind.RiverGauge).Skip(5).First();
        var (topic, first) = Tts(gauge, 65_535, keepDecoded: true);
        first["uplink_message"]!["received_at"] = NowUtc(secondsAgo: 60);
        Assert.Equal(0, (await app.MosquittoPubAsync(topic, first.ToJsonString())).ExitCode);
        var (_, second) = Tts(gauge, 0, keepDecoded: true);
        second["uplink_message"]!["decoded_payload"]!["level_m"] = 1.5;
        Assert.Equal(0, (await app.MosquittoPubAsync(topic, second.ToJsonString())).ExitCode);

        var reading = (await DeviceAsync(gauge.Id)).GetProperty("reading");
        Assert.Equal(0, reading.GetProperty("seq").GetInt64());
        Assert.Equal(1.5, reading.GetProperty("level_m").GetDouble());
    }

    [Fact]
    public async Task AJointOverItsGapLimitSwitchesItsLampOnThroughTheNetworkServerAndOffAgain()
    {
        var joint = Catalog.Devices.Where(d => d.Kind == DeviceKind.BridgeJoint).Skip(5).First();
        var eui = joint.DevEui.ToLowerInvariant();
        using var listener = await ConnectAsync();
        var downlinks = new List<(string Topic, string Payload)>();
        var gotOn = new TaskCompletionSource();
        var gotOff = new TaskCompletionSource();
        listener.ApplicationMessageReceivedAsync += e =>
        {
            var payload = e.ApplicationMessage.ConvertPayloadToString();
            lock (downlinks)
            {
                downlinks.Add((e.ApplicationMessage.Topic, payload));
            }
            (payload.Contains("\"AQE=\"", StringComparison.Ordinal) ? gotOn : gotOff).TrySetResult();
            return Task.CompletedTask;
        };
        await listener.SubscribeAsync("application/+/device/+/command/down", MqttQualityOfServiceLevel.AtLeastOnce, TestContext.Current.CancellationToken);

        var over = Convert.ToBase64String(Twin.Codecs.TwinCodec.Encode(DeviceKind.BridgeJoint,
            new Reading(DateTimeOffset.UtcNow, 1, System.Collections.Immutable.ImmutableDictionary<string, double>.Empty.Add("gap_mm", joint.Thresholds["gap_max_mm"] + 5))));
        var (topic, payload) = ChirpStack(joint, 10, over);
        Assert.Equal(0, (await app.MosquittoPubAsync(topic, payload.ToJsonString())).ExitCode);
        await gotOn.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        var on = downlinks.Single(d => d.Topic.EndsWith($"/device/{eui}/command/down", StringComparison.Ordinal));
        Assert.StartsWith("application/5f0c2a9e-1b7d-4c3a-8e2f-6d9b0a1c3e47/", on.Topic, StringComparison.Ordinal);
        var command = JsonDocument.Parse(on.Payload).RootElement;
        Assert.Equal(eui, command.GetProperty("devEui").GetString());
        Assert.Equal(10, command.GetProperty("fPort").GetInt32());
        Assert.True(command.GetProperty("confirmed").GetBoolean());

        var normal = Convert.ToBase64String(Twin.Codecs.TwinCodec.Encode(DeviceKind.BridgeJoint,
            new Reading(DateTimeOffset.UtcNow, 2, System.Collections.Immutable.ImmutableDictionary<string, double>.Empty.Add("gap_mm", (joint.Thresholds["gap_max_mm"] + joint.Thresholds["gap_min_mm"]) / 2))));
        (topic, payload) = ChirpStack(joint, 11, normal);
        Assert.Equal(0, (await app.MosquittoPubAsync(topic, payload.ToJsonString())).ExitCode);
        await gotOff.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Contains(downlinks, d => d.Payload.Contains("\"AQA=\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ANativeJointOverItsLimitGetsTheLampOnCommandOnItsDownTopic()
    {
        var joint = Catalog.Devices.Where(d => d.Kind == DeviceKind.BridgeJoint).Skip(6).First();
        using var listener = await ConnectAsync();
        var got = new TaskCompletionSource<string>();
        listener.ApplicationMessageReceivedAsync += e =>
        {
            got.TrySetResult(e.ApplicationMessage.ConvertPayloadToString());
            return Task.CompletedTask;
        };
        await listener.SubscribeAsync($"toyama/bridge-joint/{joint.Id}/down", MqttQualityOfServiceLevel.AtLeastOnce, TestContext.Current.CancellationToken);
        var ts = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        var gap = (joint.Thresholds["gap_max_mm"] + 1).ToString(CultureInfo.InvariantCulture);
        Assert.Equal(0, (await app.MosquittoPubAsync($"toyama/bridge-joint/{joint.Id}/up", $$"""{"ts":"{{ts}}","seq":1,"gap_mm":{{gap}}}""")).ExitCode);

        var command = JsonDocument.Parse(await got.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal("lamp", command.GetProperty("command").GetString());
        Assert.Equal("on", command.GetProperty("state").GetString());
        Assert.Equal("bridge-gap-limit", command.GetProperty("reason").GetString());
        Assert.True(command.TryGetProperty("ts", out _));
    }

    [Fact]
    public async Task ACorpusOfBadMessagesBetweenGoodOnesLosesNoGoodOneAndCountsEveryBadOneByReason()
    {
        var ct = TestContext.Current.CancellationToken;
        var metrics = app.Services.GetRequiredService<IngestionMetrics>();
        var before = metrics.Rejected;
        // Gauges no other test of the collection uses, and readings stamped now, never ahead: the tests share one
        // twin, and a reading from the future would hold a gauge's live state against the next test's readings.
        var gauges = Catalog.Devices.Where(d => d.Kind == DeviceKind.RiverGauge).Skip(21).Take(6).ToList();
        var noConsent = Catalog.Devices.First(d => d.Kind == DeviceKind.ChildTracker && !d.Consent);
        var now = DateTimeOffset.UtcNow;
        string Ts(int s = 0) => now.AddSeconds(s).ToString("O", CultureInfo.InvariantCulture);
        var bad = new (string Topic, string Payload, string Reason)[]
        {
            ($"toyama/river-gauge/{gauges[0].Id}/up", "{\"ts\":", "malformed-json"),
            ($"toyama/river-gauge/{gauges[0].Id}/up", $$"""{"ts":"{{Ts()}}","seq":1,"level_m":"high"}""", "wrong-type"),
            ($"toyama/river-gauge/{gauges[0].Id}/up", $$"""{"ts":"{{Ts()}}","seq":1,"level_m":1e999}""", "not-finite"),
            ($"toyama/river-gauge/{gauges[0].Id}/up", $$"""{"ts":"{{Ts()}}","seq":1,"level_m":-400}""", "out-of-range"),
            ($"toyama/river-gauge/{gauges[0].Id}/up", $$"""{"ts":"{{Ts(86400)}}","seq":1,"level_m":1}""", "ts-in-future"),
            ($"toyama/river-gauge/{gauges[0].Id}/up", $$"""{"seq":1,"level_m":1}""", "missing-field"),
            ($"toyama/river-gauge/{gauges[0].Id}/up", "{\"pad\":\"" + new string('x', 8000) + "\"}", "payload-too-large"),
            ("toyama/river-gauge/rg-nowhere/up", $$"""{"ts":"{{Ts()}}","seq":1,"level_m":1}""", "unknown-device"),
            ($"toyama/snow-pump/{gauges[0].Id}/up", $$"""{"ts":"{{Ts()}}","seq":1,"state":"running"}""", "kind-mismatch"),
            ($"toyama/child-tracker/{noConsent.Id}/up", $$"""{"ts":"{{Ts()}}","seq":1,"lat":36.7,"lon":137.2}""", "no-consent"),
            ("v3/app@tenant/devices/x/up", """{"uplink_message":{}}""", "missing-field"),
            ("application/a/device/ffffffffffffffff/event/up", """{"deviceInfo":{"devEui":"FFFFFFFFFFFFFFFF"},"data":"AA=="}""", "unknown-device"),
            // A real device's uplink published under another device's topic: the topic would become its downlink route.
            ("v3/app@tenant/devices/gauge-b/up",
                $$$$"""{"end_device_ids":{"device_id":"gauge-a","dev_eui":"{{{{gauges[1].DevEui}}}}"},"uplink_message":{"f_port":2,"f_cnt":1,"decoded_payload":{"level_m":1.0}}}""", "topic-mismatch"),
            ("application/a/device/0000000000000000/event/up", $$"""{"deviceInfo":{"devEui":"{{gauges[1].DevEui}}"},"fCnt":1,"data":"AA=="}""", "topic-mismatch"),
        };
        using var client = await ConnectAsync();
        var seq = 100;
        var expected = new Dictionary<string, long>();
        for (var i = 0; i < bad.Length; i++)
        {
            var good = gauges[i % gauges.Count];
            var goodResult = await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"toyama/river-gauge/{good.Id}/up")
                .WithPayload($$"""{"ts":"{{now.AddMilliseconds(i).ToString("O", CultureInfo.InvariantCulture)}}","seq":{{++seq}},"level_m":0.{{i + 10}}}""").WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), ct);
            Assert.True(goodResult.ReasonCode is MqttClientPublishReasonCode.Success or MqttClientPublishReasonCode.NoMatchingSubscribers, goodResult.ReasonString);
            var badResult = await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(bad[i].Topic).WithPayload(bad[i].Payload)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), ct);
            Assert.True((int)badResult.ReasonCode >= 0x80, $"{bad[i].Reason} was accepted");
            expected[bad[i].Reason] = expected.GetValueOrDefault(bad[i].Reason) + 1;
        }

        var after = metrics.Rejected;
        foreach (var (reason, count) in expected)
        {
            Assert.True(after.GetValueOrDefault(reason) - before.GetValueOrDefault(reason) >= count, $"{reason}: expected {count} more");
        }
        // Every good reading is applied: each gauge shows its last good seq.
        for (var g = 0; g < gauges.Count; g++)
        {
            var lastI = Enumerable.Range(0, bad.Length).Last(i => i % gauges.Count == g);
            var reading = (await DeviceAsync(gauges[g].Id)).GetProperty("reading");
            Assert.Equal(101 + lastI, reading.GetProperty("seq").GetInt64());
        }
        var health = await app.Http.GetAsync("/health", ct);
        Assert.True(health.IsSuccessStatusCode);
    }

    private async Task<IMqttClient> ConnectAsync()
    {
        return await app.ConnectMqttAsync();
    }
}
