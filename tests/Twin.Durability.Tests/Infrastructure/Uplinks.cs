using System.Globalization;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Twin.Durability.Tests.Infrastructure;

/// <summary>Native uplink payloads of the wire contract.</summary>
public static class Uplinks
{
    /// <summary>Japan's offset: the city's devices stamp local time with its offset.</summary>
    public static readonly TimeSpan Jst = TimeSpan.FromHours(9);

    public static string Gauge(DateTimeOffset ts, long seq, double levelM) =>
        $$"""{"ts":"{{TwinApi.Iso(ts.ToOffset(Jst))}}","seq":{{seq}},"level_m":{{Num(levelM)}}}""";

    public static string Pump(DateTimeOffset ts, long seq, string state, double? pressureMpa) =>
        pressureMpa is { } p
            ? $$"""{"ts":"{{TwinApi.Iso(ts.ToOffset(Jst))}}","seq":{{seq}},"state":"{{state}}","pressure_mpa":{{Num(p)}}}"""
            : $$"""{"ts":"{{TwinApi.Iso(ts.ToOffset(Jst))}}","seq":{{seq}},"state":"{{state}}"}""";

    public static string Joint(DateTimeOffset ts, long seq, double gapMm) =>
        $$"""{"ts":"{{TwinApi.Iso(ts.ToOffset(Jst))}}","seq":{{seq}},"gap_mm":{{Num(gapMm)}}}""";

    public static string Num(double v) => v.ToString("0.0###", CultureInfo.InvariantCulture);
}

/// <summary>An MQTT 5 client publishing native uplinks at QoS 1 to a silo's embedded broker or an external one.</summary>
public sealed class Publisher : IAsyncDisposable
{
    private readonly IMqttClient _client;

    private Publisher(IMqttClient client) => _client = client;

    /// <summary>Connects to a silo's embedded broker (polling while the broker comes up).</summary>
    /// <remarks>It signs in as the test fleet account, which may publish for every device.</remarks>
    public static Task<Publisher> ConnectAsync(SiloProcess silo, string clientId, CancellationToken ct = default) =>
        ConnectAsync(silo.Settings.Name, silo.MqttPort, clientId, ct, Twin.Tests.Shared.MqttTestCredentials.FleetUsername, Twin.Tests.Shared.MqttTestCredentials.FleetPassword);

    /// <summary>Connects to any broker on 127.0.0.1 (an external one, e.g. Mosquitto), polling while it comes up.</summary>
    public static async Task<Publisher> ConnectAsync(string brokerName, int port, string clientId, CancellationToken ct = default, string? username = null, string? password = null)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId(clientId)
            .WithCleanStart()
            .WithTimeout(TimeSpan.FromSeconds(30));
        if (username is not null)
        {
            builder = builder.WithCredentials(username, password);
        }
        var options = builder.Build();
        await Poll.UntilAsync($"MQTT connect to {brokerName}:{port}", TimeSpan.FromSeconds(30), async token =>
        {
            try
            {
                var result = await client.ConnectAsync(options, token);
                return result.ResultCode == MqttClientConnectResultCode.Success;
            }
            catch (MQTTnet.Exceptions.MqttCommunicationException)
            {
                return false;
            }
        }, ct);
        return new Publisher(client);
    }

    /// <summary>Publishes one uplink at QoS 1 and returns the broker's answer (its PUBACK).</summary>
    public Task<MqttClientPublishResult> PublishAsync(string kind, string deviceId, string json, CancellationToken ct = default) =>
        _client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic($"toyama/{kind}/{deviceId}/up")
            .WithPayload(json)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build(), ct);

    /// <summary>Publishes and fails the test unless the twin acknowledged it.</summary>
    public async Task PublishAcknowledgedAsync(string kind, string deviceId, string json, CancellationToken ct = default)
    {
        var result = await PublishAsync(kind, deviceId, json, ct);
        Assert.True(Acknowledged(result), $"{kind}/{deviceId} {json} was answered {result.ReasonCode} ({result.ReasonString})");
    }

    /// <summary>PUBACK Success, or Success with nobody subscribed (0x10): the twin took the reading either way.</summary>
    public static bool Acknowledged(MqttClientPublishResult result) =>
        result.ReasonCode is MqttClientPublishReasonCode.Success or MqttClientPublishReasonCode.NoMatchingSubscribers;

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_client.IsConnected)
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _client.DisconnectAsync(new MqttClientDisconnectOptions(), cts.Token);
            }
        }
        catch (Exception ex) when (ex is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException or InvalidOperationException)
        {
            // The broker is gone (killed): nothing to say goodbye to.
        }
        _client.Dispose();
    }
}
