using MQTTnet.Protocol;
using Twin.Catalog;

namespace Twin.Simulator.Tests;

public sealed class FleetPublisherTests
{
    [Fact]
    public async Task PubAcksAreCountedAsAcknowledgedOrRejectedByReason()
    {
        // Refuse the TTS uplinks, as a twin without LoRaWAN ingestion would.
        await using var broker = new TestBroker(topic => topic.StartsWith("v3/", StringComparison.Ordinal) ? MqttPubAckReasonCode.PayloadFormatInvalid : null);
        await broker.StartAsync();
        var options = new SimulatorOptions { Cadence = Cadence.Fixed, Rate = 4000, Count = 600, Format = UplinkFormat.Mixed };
        var simulator = new FleetSimulator(TwinCatalog.Load(), TimeProvider.System, 5, options);

        var summary = await SimulatorRunner.RunAsync(simulator, new PublisherOptions("127.0.0.1", broker.Port, Connections: 3), TimeProvider.System,
            TimeSpan.FromSeconds(10), cancellationToken: TestContext.Current.CancellationToken);

        var tts = broker.Topics.Count(t => t.StartsWith("v3/", StringComparison.Ordinal));
        Assert.Equal(600, summary.Sent);
        Assert.Equal(600, broker.Topics.Count);
        Assert.InRange(tts, 100, 300);
        Assert.Equal(600 - tts, summary.Acknowledged);
        Assert.Equal(new Dictionary<string, long> { ["PayloadFormatInvalid (0x99)"] = tts }, summary.RejectedByReason);
        Assert.Equal(0, summary.Errors);
        Assert.NotNull(summary.LatencyP50Ms);
        Assert.True(summary.LatencyP99Ms >= summary.LatencyP50Ms);
        Assert.Contains("rejected PayloadFormatInvalid (0x99)", summary.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PerDeviceEveryDeviceConnectsOnItsOwnWithItsDerivedKey()
    {
        const string secret = "a-device-key-secret-of-at-least-32-bytes";
        await using var broker = new TestBroker();
        await broker.StartAsync();
        var options = new SimulatorOptions { Cadence = Cadence.Fixed, Rate = 2000, Count = 40, NonConsentingSenders = 0 };
        var simulator = new FleetSimulator(TwinCatalog.Load(), TimeProvider.System, 5, options);

        var summary = await SimulatorRunner.RunAsync(simulator, new PublisherOptions("127.0.0.1", broker.Port, DeviceKeySecret: secret), TimeProvider.System,
            TimeSpan.FromSeconds(10), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(40, summary.Acknowledged);
        var devices = broker.Topics.Select(t => t.Split('/')[2]).Distinct().Order().ToList();
        Assert.Equal(devices, broker.Connects.Select(c => c.ClientId).Order().ToList());
        Assert.All(broker.Connects, c =>
        {
            Assert.Equal(c.ClientId, c.Username);
            Assert.Equal(Twin.Codecs.DeviceKeys.PasswordFor(secret, c.ClientId), c.Password);
        });
    }

    [Fact]
    public async Task QosZeroSendsWithoutWaitingForAnswers()
    {
        await using var broker = new TestBroker();
        await broker.StartAsync();
        var options = new SimulatorOptions { Cadence = Cadence.Fixed, Rate = 5000, Count = 300 };
        var simulator = new FleetSimulator(TwinCatalog.Load(), TimeProvider.System, 5, options);

        var summary = await SimulatorRunner.RunAsync(simulator, new PublisherOptions("127.0.0.1", broker.Port, Qos: 0), TimeProvider.System,
            TimeSpan.FromSeconds(10), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(300, summary.Sent);
        Assert.Equal(0, summary.Errors);
        // Drained means the broker has read them all (a ping's round trip), not merely that they left the socket.
        Assert.Equal(300, broker.Topics.Count);
        Assert.Equal(0, summary.Acknowledged);
        Assert.Null(summary.LatencyP50Ms);
        Assert.All(broker.Topics, t => Assert.StartsWith("toyama/", t, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AMissingBrokerFailsWithAClearMessageAfterTheWait()
    {
        var port = new TestBroker().Port; // a free port nobody listens on
        var simulator = new FleetSimulator(TwinCatalog.Load(), TimeProvider.System, 5);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SimulatorRunner.RunAsync(simulator,
            new PublisherOptions("127.0.0.1", port), TimeProvider.System, TimeSpan.FromMilliseconds(300), cancellationToken: TestContext.Current.CancellationToken));
        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
    }
}
