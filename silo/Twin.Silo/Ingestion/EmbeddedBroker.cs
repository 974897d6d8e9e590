using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using MQTTnet.Server;
using Twin.Silo.Extensions;

namespace Twin.Silo.Ingestion;

/// <summary>
/// The embedded MQTT broker (MQTTnet). Native uplinks are intercepted and applied before the broker answers,
/// so a QoS 1 PUBACK means the twin has the reading; a rejected uplink is answered with its MQTT 5 reason
/// code, not forwarded, and copied to the dead-letter topic when one is set.
/// </summary>
public sealed class EmbeddedBroker(
    IngestionPipeline pipeline,
    IOptions<MqttIngestOptions> options,
    ILogger<EmbeddedBroker> logger) : IHostedService, IAsyncDisposable, IMqttOutbound
{
    private readonly MqttIngestOptions _options = options.Value;
    private MqttServer? _server;

    /// <summary>The running server (for in-process publishers such as downlinks).</summary>
    /// <summary>The session item holding the client's MQTT protocol version.</summary>
    private const string ProtocolKey = "twin.protocol";

    public MqttServer? Server => _server;

    public bool IsUp => _server?.IsStarted == true;

    public string Describe => $"embedded MQTT broker on port {_options.Port}";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.Mode != MqttMode.Embedded)
        {
            return;
        }
        var serverOptions = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointPort(_options.Port)
            .Build();
        _server = new MqttServerFactory().CreateMqttServer(serverOptions);
        _server.ValidatingConnectionAsync += OnConnectingAsync;
        _server.InterceptingPublishAsync += OnPublishAsync;
        await _server.StartAsync();
        IngestionLog.BrokerStarted(logger, _options.Port);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not null)
        {
            await _server.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            _server.Dispose();
            _server = null;
        }
        await Task.CompletedTask;
    }

    private static Task OnConnectingAsync(ValidatingConnectionEventArgs e)
    {
        e.SessionItems[ProtocolKey] = e.ProtocolVersion;
        // MQTT 5 (and 3.1.1 with a clean session) lets a client leave its id empty for the server to assign,
        // as mosquitto_pub does; MQTTnet refuses that unless we assign one.
        if (string.IsNullOrEmpty(e.ClientId))
        {
            e.AssignedClientIdentifier = "twin-" + Guid.NewGuid().ToString("N");
        }
        return Task.CompletedTask;
    }

    private async Task OnPublishAsync(InterceptingPublishEventArgs e)
    {
        var topic = e.ApplicationMessage.Topic;
        try
        {
            if (pipeline.IngestAsync(topic, e.ApplicationMessage.Payload, e.CancellationToken) is not { } ingest)
            {
                // Not an uplink (downlinks, dead letters, anything else): the broker just routes it.
                return;
            }
            var result = await ingest;
            if (result.Rejection is { Reason: RejectReason.Internal } && CannotBeToldOfFailure(e))
            {
                // Not stored: a PUBACK would tell a device that cannot read reason codes that it was.
                RefuseWithoutAcknowledgement(e);
                return;
            }
            if (result.Rejection is { } rejection)
            {
                e.ProcessPublish = false;
                e.Response.ReasonCode = rejection.Code;
                e.Response.ReasonString = $"{rejection.Label}: {rejection.Detail}";
                await DeadLetterAsync(e.ApplicationMessage, rejection);
            }
        }
        catch (Exception ex)
        {
            IngestionLog.HandlerFailed(logger, LogText.Safe(topic, 256), ex);
            e.ProcessPublish = false;
            e.Response.ReasonCode = MqttPubAckReasonCode.UnspecifiedError;
            if (CannotBeToldOfFailure(e))
            {
                RefuseWithoutAcknowledgement(e);
            }
        }
    }

    /// <summary>
    /// Whether the publisher speaks MQTT 3.1 or 3.1.1, whose PUBACK carries no reason code: to such a client any
    /// PUBACK means "kept". (MQTT 5 clients are told by the reason code and stay connected.)
    /// </summary>
    private static bool CannotBeToldOfFailure(InterceptingPublishEventArgs e) =>
        e.SessionItems[ProtocolKey] is MqttProtocolVersion version && version < MqttProtocolVersion.V500;

    /// <summary>Closes the connection without a PUBACK, so that the client resends the message when it reconnects.</summary>
    private static void RefuseWithoutAcknowledgement(InterceptingPublishEventArgs e)
    {
        e.ProcessPublish = false;
        e.CloseConnection = true;
    }

    public async Task PublishAsync(MqttApplicationMessage message, CancellationToken ct = default)
    {
        var server = _server ?? throw new InvalidOperationException("The embedded MQTT broker is not running.");
        await server.InjectApplicationMessage(new InjectedMqttApplicationMessage(message) { SenderClientId = "twin" }, ct);
    }

    private async Task DeadLetterAsync(MqttApplicationMessage original, Rejection rejection)
    {
        if (string.IsNullOrEmpty(_options.DeadLetterTopic) || _server is null)
        {
            return;
        }
        var body = JsonSerializer.SerializeToUtf8Bytes(new
        {
            topic = original.Topic,
            reason = rejection.Label,
            detail = rejection.Detail,
            payload = Encoding.UTF8.GetString(original.Payload),
        });
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(_options.DeadLetterTopic)
            .WithPayload(body)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        await _server.InjectApplicationMessage(new InjectedMqttApplicationMessage(message) { SenderClientId = "twin-dead-letter" });
    }
}
