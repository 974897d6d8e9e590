using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Twin.Catalog;
using Twin.Grains.Abstractions;

namespace Twin.Silo.Tests.Hubs;

[Collection(TwinAppCollection.Name)]
public sealed class TwinHubTests(TwinAppFixture app)
{
    private TwinCatalog Catalog => app.Services.GetRequiredService<TwinCatalog>();

    private async Task<(HubConnection Hub, Channel<(string Method, JsonElement Payload)> Messages)> ConnectAsync()
    {
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(app.Server.BaseAddress, "/hubs/twin"), o =>
            {
                // The test server has no sockets: long polling goes through its in-memory handler.
                o.HttpMessageHandlerFactory = _ => app.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
            })
            .Build();
        var messages = Channel.CreateUnbounded<(string, JsonElement)>();
        foreach (var method in new[] { "city", "district", "river", "device", "alarm" })
        {
            hub.On<JsonElement>(method, payload => messages.Writer.TryWrite((method, payload)));
        }
        await hub.StartAsync(TestContext.Current.CancellationToken);
        return (hub, messages);
    }

    private static async Task<JsonElement> NextAsync(Channel<(string Method, JsonElement Payload)> messages, string method, Func<JsonElement, bool> match, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            var (m, payload) = await messages.Reader.ReadAsync(cts.Token);
            if (m == method && match(payload))
            {
                return payload;
            }
        }
    }

    private async Task<IMqttClient> ConnectMqttAsync()
    {
        var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", app.MqttPort).WithProtocolVersion(MqttProtocolVersion.V500).Build(), TestContext.Current.CancellationToken);
        return client;
    }

    private async Task PublishAsync(string topic, string payload)
    {
        using var client = await ConnectMqttAsync();
        await PublishAsync(client, topic, payload);
    }

    private static async Task PublishAsync(IMqttClient client, string topic, string payload)
    {
        await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task ADeviceSubscriberGetsTheSnapshotThenTheNewReadingWithinASecond()
    {
        var gauge = Catalog.Devices.Where(d => d.Kind == DeviceKind.RiverGauge).Skip(17).First();
        var (hub, messages) = await ConnectAsync();
        await using var connection = hub;
        await hub.InvokeAsync("SubscribeDevice", gauge.Id, TestContext.Current.CancellationToken);
        var snapshot = await NextAsync(messages, "device", d => d.GetProperty("id").GetString() == gauge.Id, TimeSpan.FromSeconds(10));
        Assert.Equal(gauge.DevEui, snapshot.GetProperty("devEui").GetString());

        // The second is measured from the publish: the MQTT client is connected before.
        using var mqtt = await ConnectMqttAsync();
        var ts = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        var stopwatch = Stopwatch.StartNew();
        await PublishAsync(mqtt, $"toyama/river-gauge/{gauge.Id}/up", $$"""{"ts":"{{ts}}","seq":4242,"level_m":0.77}""");
        var update = await NextAsync(messages, "device",
            d => d.GetProperty("reading").ValueKind == JsonValueKind.Object && d.GetProperty("reading").GetProperty("seq").GetInt64() == 4242, TimeSpan.FromSeconds(10));
        stopwatch.Stop();
        Assert.Equal(0.77, update.GetProperty("reading").GetProperty("level_m").GetDouble());
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(1), $"device message after {stopwatch.Elapsed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task ADistrictSubscriberGetsTheDistrictMessageWhenAStatusChanges()
    {
        var pump = Catalog.Devices.Where(d => d.Kind == DeviceKind.SnowPump && d.District == "osawano").Skip(2).First();
        var (hub, messages) = await ConnectAsync();
        await using var connection = hub;
        await hub.InvokeAsync("SubscribeDistrict", "osawano", TestContext.Current.CancellationToken);
        var snapshot = await NextAsync(messages, "district", d => d.GetProperty("id").GetString() == "osawano", TimeSpan.FromSeconds(10));
        Assert.Equal("大沢野", snapshot.GetProperty("nameJa").GetString());
        Assert.True(snapshot.TryGetProperty("childCells", out _));

        var ts = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        await PublishAsync($"toyama/snow-pump/{pump.Id}/up", $$"""{"ts":"{{ts}}","seq":1,"state":"sensor_fault"}""");
        var change = await NextAsync(messages, "district",
            d => d.GetProperty("changed").EnumerateArray().Any(c => c.GetProperty("id").GetString() == pump.Id), TimeSpan.FromSeconds(10));
        Assert.Equal("alarm", change.GetProperty("status").GetString());
        Assert.Equal("alarm", change.GetProperty("changed").EnumerateArray().First(c => c.GetProperty("id").GetString() == pump.Id).GetProperty("status").GetString());
    }

    [Fact]
    public async Task ACitySubscriberGetsTheCityAndTheRivers()
    {
        var (hub, messages) = await ConnectAsync();
        await using var connection = hub;
        await hub.InvokeAsync("SubscribeCity", TestContext.Current.CancellationToken);
        var city = await NextAsync(messages, "city", _ => true, TimeSpan.FromSeconds(10));
        Assert.Equal(7, city.GetProperty("districts").GetArrayLength());
        var river = await NextAsync(messages, "river", _ => true, TimeSpan.FromSeconds(10));
        Assert.True(river.GetProperty("gauges").GetArrayLength() > 0);
    }

    [Fact]
    public async Task SubscribingToAnUnknownDeviceIsAClearErrorAndTheConnectionStays()
    {
        var (hub, _) = await ConnectAsync();
        await using var connection = hub;
        var error = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync("SubscribeDevice", "no-such-device", TestContext.Current.CancellationToken));
        Assert.Contains("no-such-device", error.Message);
        Assert.Equal(HubConnectionState.Connected, hub.State);
    }
}
