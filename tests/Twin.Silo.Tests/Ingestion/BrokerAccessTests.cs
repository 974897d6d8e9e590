using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Twin.Catalog;
using Twin.Grains.Abstractions;
using Twin.Silo.Ingestion;
using Twin.Tests.Shared;

namespace Twin.Silo.Tests.Ingestion;

/// <summary>Who may connect to the embedded broker, and what each client may publish, subscribe to and hear.</summary>
[Collection(TwinAppCollection.Name)]
public sealed class BrokerAccessTests(TwinAppFixture app)
{
    private TwinCatalog Catalog => app.Services.GetRequiredService<TwinCatalog>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Now(int ms = 0) => DateTimeOffset.UtcNow.AddMilliseconds(ms).ToString("O", CultureInfo.InvariantCulture);

    private async Task<MqttClientConnectResultCode> ConnectCodeAsync(MqttClientOptionsBuilder options)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        return (await client.ConnectAsync(options.Build(), Ct)).ResultCode;
    }

    private static MqttApplicationMessage Message(string topic, string payload, bool retain = false) => new MqttApplicationMessageBuilder()
        .WithTopic(topic).WithPayload(payload).WithRetainFlag(retain).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();

    [Fact]
    public async Task AConnectWithoutCredentialsOrWithAWrongPasswordIsRefused()
    {
        var device = Catalog.Devices.First(d => d.Kind == DeviceKind.RiverGauge).Id;
        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, await ConnectCodeAsync(TwinAppFixture.MqttOptions(app.MqttPort, null, null)));
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, await ConnectCodeAsync(TwinAppFixture.MqttOptions(app.MqttPort, device, "not-its-key")));
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword,
            await ConnectCodeAsync(TwinAppFixture.MqttOptions(app.MqttPort, device, MqttTestCredentials.PasswordFor(device + "x"))));
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword,
            await ConnectCodeAsync(TwinAppFixture.MqttOptions(app.MqttPort, MqttTestCredentials.FleetUsername, "wrong")));
        // A device under another device's client id, and a revoked device with its right key.
        var other = Catalog.Devices.First(d => d.Kind == DeviceKind.SnowPump).Id;
        Assert.Equal(MqttClientConnectResultCode.ClientIdentifierNotValid,
            await ConnectCodeAsync(TwinAppFixture.MqttOptions(app.MqttPort, device, MqttTestCredentials.PasswordFor(device), other)));
        Assert.Equal(MqttClientConnectResultCode.NotAuthorized,
            await ConnectCodeAsync(TwinAppFixture.MqttOptions(app.MqttPort, app.RevokedDevice, MqttTestCredentials.PasswordFor(app.RevokedDevice))));
        // Its own id, or none (the broker assigns one), is accepted.
        Assert.Equal(MqttClientConnectResultCode.Success, await ConnectCodeAsync(TwinAppFixture.MqttOptions(app.MqttPort, device, MqttTestCredentials.PasswordFor(device), device)));
        Assert.Equal(MqttClientConnectResultCode.Success, await ConnectCodeAsync(TwinAppFixture.MqttOptions(app.MqttPort, device, MqttTestCredentials.PasswordFor(device), "")));

        var refused = app.Services.GetRequiredService<IngestionMetrics>().Refused;
        foreach (var reason in new[] { "no-credentials", "bad-credentials", "client-id-mismatch", "revoked" })
        {
            Assert.True(refused.GetValueOrDefault("connect/" + reason) >= 1, reason);
        }
    }

    [Fact]
    public async Task ADeviceCannotPublishForAnotherDeviceNorRetainItsUplink()
    {
        var gauges = Catalog.Devices.Where(d => d.Kind == DeviceKind.RiverGauge).Skip(8).Take(2).ToList();
        using var client = await app.ConnectDeviceAsync(gauges[0].Id);
        var forged = await client.PublishAsync(Message($"toyama/river-gauge/{gauges[1].Id}/up", $$"""{"ts":"{{Now()}}","seq":1,"level_m":9.5}"""), Ct);
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, forged.ReasonCode);
        var retained = await client.PublishAsync(Message($"toyama/river-gauge/{gauges[0].Id}/up", $$"""{"ts":"{{Now()}}","seq":1,"level_m":0.5}""", retain: true), Ct);
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, retained.ReasonCode);
        var lamp = await client.PublishAsync(Message($"toyama/river-gauge/{gauges[0].Id}/down", """{"command":"lamp","state":"on"}"""), Ct);
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, lamp.ReasonCode);
        var own = await client.PublishAsync(Message($"toyama/river-gauge/{gauges[0].Id}/up", $$"""{"ts":"{{Now()}}","seq":2,"level_m":0.5}"""), Ct);
        Assert.Equal(MqttClientPublishReasonCode.Success, own.ReasonCode);

        // The collection's other tests may have given the victim readings of their own; never the forged one.
        var victim = await app.Http.GetFromJsonAsync<JsonElement>($"/api/devices/{gauges[1].Id}", Ct);
        var reading = victim.GetProperty("reading");
        Assert.True(reading.ValueKind == JsonValueKind.Null || reading.GetProperty("level_m").GetDouble() != 9.5, reading.ToString());
    }

    [Fact]
    public async Task ADeviceCannotSubscribeToEverythingNorToAnotherDevicesTopics()
    {
        var joints = Catalog.Devices.Where(d => d.Kind == DeviceKind.BridgeJoint).Skip(10).Take(2).ToList();
        using var client = await app.ConnectDeviceAsync(joints[0].Id);
        var result = await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter("#")
            .WithTopicFilter("toyama/+/+/up")
            .WithTopicFilter($"toyama/bridge-joint/{joints[1].Id}/down")
            .WithTopicFilter($"toyama/bridge-joint/{joints[0].Id}/up")
            .WithTopicFilter($"toyama/bridge-joint/{joints[0].Id}/down")
            .Build(), Ct);
        var codes = result.Items.ToDictionary(i => i.TopicFilter.Topic, i => i.ResultCode);
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS0, codes[$"toyama/bridge-joint/{joints[0].Id}/down"]);
        Assert.Equal(4, codes.Values.Count(c => c == MqttClientSubscribeResultCode.NotAuthorized));
    }

    [Fact]
    public async Task AClientWithValidCredentialsSubscribedToEverythingHearsNothingOfTheChildren()
    {
        var children = Catalog.Devices.Where(d => d.Kind == DeviceKind.ChildTracker && d.Consent).Skip(3).Take(5).ToList();
        var refusedChild = Catalog.Devices.Where(d => d.Kind == DeviceKind.ChildTracker && !d.Consent).Skip(1).First();
        var joint = Catalog.Devices.Where(d => d.Kind == DeviceKind.BridgeJoint).Skip(12).First();
        var heard = new List<(string Listener, string Topic, string Payload)>();
        var sentinels = new TaskCompletionSource();
        var sentinelCount = 0;
        Task Listen(string name, MqttApplicationMessageReceivedEventArgs e)
        {
            var payload = e.ApplicationMessage.ConvertPayloadToString();
            lock (heard)
            {
                heard.Add((name, e.ApplicationMessage.Topic, payload));
                if (payload.Contains("sentinel", StringComparison.Ordinal) && ++sentinelCount == 2)
                {
                    sentinels.TrySetResult();
                }
            }
            return Task.CompletedTask;
        }

        // A device tries everything; an observer listens where it may (alarms and dead letters).
        using var device = await app.ConnectDeviceAsync(joint.Id);
        device.ApplicationMessageReceivedAsync += e => Listen("device", e);
        var granted = await device.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter("#").WithTopicFilter("toyama/child-tracker/+/up")
            .WithTopicFilter($"toyama/bridge-joint/{joint.Id}/down", MqttQualityOfServiceLevel.AtLeastOnce).Build(), Ct);
        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, granted.Items.Single(i => i.TopicFilter.Topic == "#").ResultCode);
        using var observer = await TwinAppFixture.ConnectMqttAsync(app.MqttPort, MqttTestCredentials.ObserverUsername, MqttTestCredentials.ObserverPassword);
        observer.ApplicationMessageReceivedAsync += e => Listen("observer", e);
        await observer.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter("toyama/alarms/#").WithTopicFilter(app.DeadLetterTopic, MqttQualityOfServiceLevel.AtLeastOnce).Build(), Ct);

        // The children report (and one without consent, whose message is refused and dead-lettered).
        using (var fleet = await TwinAppFixture.ConnectMqttAsync(app.MqttPort, MqttTestCredentials.FleetUsername, MqttTestCredentials.FleetPassword))
        {
            foreach (var child in children.Append(refusedChild))
            {
                await fleet.PublishAsync(Message($"toyama/child-tracker/{child.Id}/up", $$"""{"ts":"{{Now()}}","seq":1,"lat":36.69512,"lon":137.21345}"""), Ct);
            }
        }
        // Then a message each listener may hear: whatever reached them of the children came before it.
        var outbound = app.Services.GetRequiredService<IMqttOutbound>();
        await outbound.PublishAsync(Message($"toyama/bridge-joint/{joint.Id}/down", """{"command":"sentinel"}"""), Ct);
        await outbound.PublishAsync(Message(app.DeadLetterTopic, """{"reason":"sentinel"}"""), Ct);
        await sentinels.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        lock (heard)
        {
            Assert.DoesNotContain(heard, h => h.Topic.StartsWith("toyama/child-tracker/", StringComparison.Ordinal));
            Assert.DoesNotContain(heard, h => h.Payload.Contains("36.69512", StringComparison.Ordinal) || h.Payload.Contains("137.21345", StringComparison.Ordinal));
            Assert.Single(heard, h => h.Listener == "device");
            // The refused child's dead letter says what and why, never who or where.
            var deadLetter = Assert.Single(heard, h => h.Listener == "observer" && h.Payload.Contains("\"reason\":\"no-consent\"", StringComparison.Ordinal));
            Assert.DoesNotContain(refusedChild.Id, deadLetter.Payload, StringComparison.Ordinal);
            Assert.Contains("\"topic\":\"toyama/child-tracker/\\u002B/up\"", deadLetter.Payload, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task MosquittoPubWithItsDefaultsAndADevicesCredentialsIsAccepted()
    {
        // MQTT 3.1.1, no client id, clean session: what Debian's mosquitto_pub sends without -V or -i.
        var pump = Catalog.Devices.Where(d => d.Kind == DeviceKind.SnowPump).Skip(30).First();
        var (exit, output) = await app.MosquittoPubAsync(["-q", "1", "-u", pump.Id, "-P", MqttTestCredentials.PasswordFor(pump.Id),
            "-t", $"toyama/snow-pump/{pump.Id}/up", "-m", $$"""{"ts":"{{Now()}}","seq":3,"state":"running","pressure_mpa":0.31}"""]);
        Assert.True(exit == 0, output);
        var device = await app.Http.GetFromJsonAsync<JsonElement>($"/api/devices/{pump.Id}", Ct);
        Assert.Equal(3, device.GetProperty("reading").GetProperty("seq").GetInt64());

        // And without credentials it is refused.
        var (refusedExit, refusedOutput) = await app.MosquittoPubAsync(["-q", "1", "-t", $"toyama/snow-pump/{pump.Id}/up", "-m", "{}"]);
        Assert.True(refusedExit != 0, refusedOutput);
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task ABridgeThatWasOfflineGetsItsLampCommandWhenItReconnects(MqttProtocolVersion version)
    {
        var joint = Catalog.Devices.Where(d => d.Kind == DeviceKind.BridgeJoint).Skip(version == MqttProtocolVersion.V311 ? 20 : 21).First();
        MqttClientOptions Options() => TwinAppFixture.MqttOptions(app.MqttPort, joint.Id, MqttTestCredentials.PasswordFor(joint.Id), joint.Id)
            .WithProtocolVersion(version).WithCleanSession(false).WithSessionExpiryInterval(3600).Build();

        // The bridge subscribes to its downlink with a persistent session, then goes offline.
        using (var bridge = new MqttClientFactory().CreateMqttClient())
        {
            await bridge.ConnectAsync(Options(), Ct);
            await bridge.SubscribeAsync($"toyama/bridge-joint/{joint.Id}/down", MqttQualityOfServiceLevel.AtLeastOnce, Ct);
            await bridge.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), Ct);
        }

        // Its gap goes over the limit while it is away (reported by a gateway), and the twin sends the lamp command.
        using (var fleet = await TwinAppFixture.ConnectMqttAsync(app.MqttPort, MqttTestCredentials.FleetUsername, MqttTestCredentials.FleetPassword))
        {
            var gap = (joint.Thresholds["gap_max_mm"] + 2).ToString(CultureInfo.InvariantCulture);
            var ack = await fleet.PublishAsync(Message($"toyama/bridge-joint/{joint.Id}/up", $$"""{"ts":"{{Now()}}","seq":1,"gap_mm":{{gap}}}"""), Ct);
            Assert.Equal(MqttClientPublishReasonCode.Success, ack.ReasonCode);
        }
        await WaitForAsync($"/api/devices/{joint.Id}", j => j.GetProperty("status").GetString() is "alarm" or "critical");

        // Back online with the same session: the command is delivered.
        using var back = new MqttClientFactory().CreateMqttClient();
        var command = new TaskCompletionSource<string>();
        back.ApplicationMessageReceivedAsync += e =>
        {
            command.TrySetResult(e.ApplicationMessage.ConvertPayloadToString());
            return Task.CompletedTask;
        };
        var connected = await back.ConnectAsync(Options(), Ct);
        Assert.True(connected.IsSessionPresent);
        var lamp = JsonDocument.Parse(await command.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct)).RootElement;
        Assert.Equal("lamp", lamp.GetProperty("command").GetString());
        Assert.Equal("on", lamp.GetProperty("state").GetString());
    }

    [Fact]
    public async Task AnUnsubscribeTakesEffectAtOnce()
    {
        var joint = Catalog.Devices.Where(d => d.Kind == DeviceKind.BridgeJoint).Skip(25).First();
        var pump = Catalog.Devices.Where(d => d.Kind == DeviceKind.SnowPump).Skip(25).First();
        using var fleet = await TwinAppFixture.ConnectMqttAsync(app.MqttPort, MqttTestCredentials.FleetUsername, MqttTestCredentials.FleetPassword);
        var heard = new List<string>();
        var sentinel = new TaskCompletionSource();
        fleet.ApplicationMessageReceivedAsync += e =>
        {
            lock (heard)
            {
                heard.Add(e.ApplicationMessage.Topic);
            }
            if (e.ApplicationMessage.Topic.Contains(pump.Id, StringComparison.Ordinal))
            {
                sentinel.TrySetResult();
            }
            return Task.CompletedTask;
        };
        await fleet.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter("toyama/bridge-joint/+/down", MqttQualityOfServiceLevel.AtLeastOnce)
            .WithTopicFilter("toyama/snow-pump/+/down", MqttQualityOfServiceLevel.AtLeastOnce).Build(), Ct);
        await fleet.UnsubscribeAsync("toyama/bridge-joint/+/down", Ct);

        var outbound = app.Services.GetRequiredService<IMqttOutbound>();
        await outbound.PublishAsync(Message($"toyama/bridge-joint/{joint.Id}/down", """{"command":"lamp","state":"on"}"""), Ct);
        await outbound.PublishAsync(Message($"toyama/snow-pump/{pump.Id}/down", """{"command":"sentinel"}"""), Ct);
        await sentinel.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        lock (heard)
        {
            Assert.Equal([$"toyama/snow-pump/{pump.Id}/down"], heard);
        }
    }

    [Fact]
    public async Task APacketOverTheLimitClosesTheConnectionAndIsCounted()
    {
        var metrics = app.Services.GetRequiredService<IngestionMetrics>();
        var before = metrics.Refused.GetValueOrDefault("packet/packet-too-large");
        var gauge = Catalog.Devices.Where(d => d.Kind == DeviceKind.RiverGauge).Skip(10).First();
        using var client = await app.ConnectDeviceAsync(gauge.Id);
        var disconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.DisconnectedAsync += _ =>
        {
            disconnected.TrySetResult();
            return Task.CompletedTask;
        };
        _ = client.PublishAsync(Message($"toyama/river-gauge/{gauge.Id}/up", new string('x', 70_000)), Ct);
        await disconnected.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Equal(before + 1, metrics.Refused.GetValueOrDefault("packet/packet-too-large"));
    }

    private async Task WaitForAsync(string url, Func<JsonElement, bool> condition)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(TimeSpan.FromSeconds(10));
        while (!condition(await app.Http.GetFromJsonAsync<JsonElement>(url, cts.Token)))
        {
            await Task.Delay(25, cts.Token);
        }
    }
}
