using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Twin.Catalog;
using Twin.Grains.Abstractions;
using Twin.Storage.History;
using Twin.Tests.Shared;

namespace Twin.Silo.Tests.Ingestion;

/// <summary>A silo whose reading history fails to store one device's readings (a database that refuses them).</summary>
public sealed class FailingStoreFixture : WebApplicationFactory<Program>
{
    /// <summary>The device whose readings cannot be stored.</summary>
    public DeviceInfo Unstorable { get; } = TwinCatalog.Load().Devices.First(d => d.Kind == DeviceKind.RiverGauge && d.District == "yatsuo");

    public int MqttPort { get; } = TwinAppFixture.FreePort();

    private sealed class FailingHistory(IReadingHistory inner, string failing) : IReadingHistory
    {
        public ValueTask AppendAsync(HistoryRecord record, CancellationToken ct = default) =>
            record.DeviceId == failing ? ValueTask.FromException(new InvalidOperationException("the database refused the batch")) : inner.AppendAsync(record, ct);

        public Task<IReadOnlyList<HistoryRecord>> ReadAsync(string deviceId, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken ct = default) =>
            inner.ReadAsync(deviceId, from, to, limit, ct);

        public Task<IReadOnlyList<HistoryRecord>> ReadReceivedSinceAsync(string deviceId, DateTimeOffset receivedSince, CancellationToken ct = default) =>
            inner.ReadReceivedSinceAsync(deviceId, receivedSince, ct);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        TwinAppFixture.Isolate(builder, "ack", MqttPort);
        builder.ConfigureTestServices(services =>
            services.AddSingleton<IReadingHistory>(sp => new FailingHistory(sp.GetRequiredService<GroupCommitReadingHistory>(), Unstorable.Id)));
    }
}

/// <summary>What a device's QoS 1 PUBLISH gets back when its reading cannot be stored, and when it is refused on its merits.</summary>
public sealed class AcknowledgementTests(FailingStoreFixture silo) : IClassFixture<FailingStoreFixture>
{
    private static string Payload(long seq) =>
        $$"""{"ts":"{{DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffzzz", CultureInfo.InvariantCulture)}}","seq":{{seq}},"level_m":1.25}""";

    private async Task<IMqttClient> ConnectAsync(MqttProtocolVersion version, string clientId, CancellationToken ct)
    {
        _ = silo.Server; // the silo and its broker start with the host
        var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(TwinAppFixture.MqttOptions(silo.MqttPort, MqttTestCredentials.FleetUsername, MqttTestCredentials.FleetPassword, clientId)
            .WithProtocolVersion(version)
            .Build(), ct);
        return client;
    }

    private static MqttApplicationMessage Uplink(DeviceInfo device, string payload) => new MqttApplicationMessageBuilder()
        .WithTopic($"toyama/river-gauge/{device.Id}/up")
        .WithPayload(payload)
        .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
        .Build();

    [Fact]
    public async Task AnMqtt311ClientWhoseReadingCouldNotBeStoredGetsNoPubackAndIsDisconnectedSoItResends()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await ConnectAsync(MqttProtocolVersion.V311, "ack-311-unstorable", ct);
        var disconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.DisconnectedAsync += _ =>
        {
            disconnected.TrySetResult();
            return Task.CompletedTask;
        };

        // An MQTT 3.1.1 PUBACK has no reason code: sending one would tell the device its reading is kept.
        var publish = client.PublishAsync(Uplink(silo.Unstorable, Payload(1)), ct);
        await disconnected.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
        await Assert.ThrowsAnyAsync<Exception>(() => publish.WaitAsync(TimeSpan.FromSeconds(30), ct));
    }

    [Fact]
    public async Task AnMqtt311ClientIsStillAcknowledgedForAReadingRefusedOnItsMeritsAndForAStoredOne()
    {
        var ct = TestContext.Current.CancellationToken;
        var stored = TwinCatalog.Load().Devices.First(d => d.Kind == DeviceKind.RiverGauge && d.District == "hosoiri");
        using var client = await ConnectAsync(MqttProtocolVersion.V311, "ack-311-merits", ct);

        // Refused on its merits (a PUBACK, counted and dead-lettered): resending would not change the answer.
        var refused = await client.PublishAsync(Uplink(stored, """{"seq":1,"level_m":"high"}"""), ct);
        Assert.Equal(MqttClientPublishReasonCode.Success, refused.ReasonCode); // 3.1.1 carries no reason code
        var kept = await client.PublishAsync(Uplink(stored, Payload(2)), ct);
        Assert.Equal(MqttClientPublishReasonCode.Success, kept.ReasonCode);
        Assert.True(client.IsConnected);
    }

    [Fact]
    public async Task AnMqtt5ClientWhoseReadingCouldNotBeStoredIsToldSoByItsReasonCode()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await ConnectAsync(MqttProtocolVersion.V500, "ack-5-unstorable", ct);
        var result = await client.PublishAsync(Uplink(silo.Unstorable, Payload(3)), ct);
        Assert.Equal(MqttClientPublishReasonCode.UnspecifiedError, result.ReasonCode);
        Assert.True(client.IsConnected);
    }
}
