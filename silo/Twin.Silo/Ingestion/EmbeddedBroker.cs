using System.Buffers;
using System.Collections;
using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using MQTTnet.Server;
using Twin.Catalog;
using Twin.Grains.Abstractions;
using Twin.Silo.Extensions;
using Twin.Silo.Ingestion.Access;
using Twin.Silo.Ingestion.Transport;

namespace Twin.Silo.Ingestion;

/// <summary>
/// The embedded MQTT broker (MQTTnet). Every client authenticates (<see cref="MqttAuthenticator"/>) and every PUBLISH,
/// SUBSCRIBE and delivery is checked against its rights (<see cref="MqttRights"/>). Uplinks are intercepted and applied
/// before the broker answers, so a QoS 1 PUBACK means the twin has the reading; they are never forwarded to other
/// clients. A rejected uplink is answered with its MQTT 5 reason code and copied to the dead-letter topic when one is
/// set. Sessions of clients that ask for them persist, so a QoS 1 downlink waits for a device that is offline.
/// </summary>
public sealed class EmbeddedBroker(
    IngestionPipeline pipeline,
    IOptions<MqttIngestOptions> options,
    MqttAuthenticator authenticator,
    DeviceKeySecrets secrets,
    IngestionMetrics metrics,
    TwinCatalog catalog,
    TimeProvider clock,
    ILogger<EmbeddedBroker> logger) : IHostedService, IAsyncDisposable, IMqttOutbound
{
    /// <summary>The session item holding the client's MQTT protocol version.</summary>
    private const string ProtocolKey = "twin.protocol";

    /// <summary>The session item holding who the client is.</summary>
    private const string PrincipalKey = "twin.principal";

    private readonly MqttIngestOptions _options = options.Value;
    private readonly MqttRights _rights = new(options.Value.DeadLetterTopic);
    private readonly ConnectThrottle _throttle = new(clock, options.Value.FailedConnectsPerMinute);
    private readonly RateLimitedLog _log = new(clock, TimeSpan.FromSeconds(10));
    private readonly Hashtable _twinItems = new() { [PrincipalKey] = MqttPrincipal.TwinItself };
    // Who each session belongs to, for deliveries (MQTTnet names only the receiver's client id there).
    private readonly ConcurrentDictionary<string, MqttPrincipal> _principals = new(StringComparer.Ordinal);
    private MqttServer? _server;
    private TwinMqttListener? _listener;

    /// <summary>The running server (for in-process publishers such as downlinks).</summary>
    public MqttServer? Server => _server;

    /// <summary>The listeners, once started (their bound ports, open connections).</summary>
    public TwinMqttListener? Listener => _listener;

    public bool IsUp => _server?.IsStarted == true;

    public string Describe => $"embedded MQTT broker on port {_options.Port}";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.Mode != MqttMode.Embedded)
        {
            return;
        }
        IngestionLog.DeviceKeySecret(logger, secrets.Source, secrets.Previous is null ? "" : " (the previous secret is still accepted)");
        if (_options.Lab.AnonymousTestTopics)
        {
            IngestionLog.LabAnonymous(logger);
        }
        var tls = _options.Tls.Port > 0 ? LoadCertificate(_options.Tls) : null;
        _listener = new TwinMqttListener(
            new TwinMqttListener.Settings(_options.AllowPlaintext ? _options.Port : null, tls is null ? null : _options.Tls.Port, tls, _options.MaxConnections, _options.MaxPacketBytes),
            reason => Refused(reason == TwinMqttListener.PacketTooLarge ? "packet" : "connect", reason, "?", "?", reason == TwinMqttListener.PacketTooLarge
                ? $"over Twin:Mqtt:MaxPacketBytes ({_options.MaxPacketBytes})" : $"over Twin:Mqtt:MaxConnections ({_options.MaxConnections})"),
            logger);
        var serverOptions = new MqttServerOptionsBuilder()
            .WithPersistentSessions()
            .WithMaxPendingMessagesPerClient(_options.MaxQueuedMessagesPerClient)
            .Build();
        _server = new MqttServerFactory().CreateMqttServer(serverOptions, [_listener]);
        _server.ValidatingConnectionAsync += OnConnectingAsync;
        _server.InterceptingPublishAsync += OnPublishAsync;
        _server.InterceptingSubscriptionAsync += OnSubscribingAsync;
        _server.InterceptingClientEnqueueAsync += OnEnqueueingAsync;
        _server.SessionDeletedAsync += e =>
        {
            _principals.TryRemove(e.Id, out _);
            return Task.CompletedTask;
        };
        await _server.StartAsync();
        if (_listener.BoundPlainPort is { } plain)
        {
            IngestionLog.BrokerStarted(logger, plain);
        }
        if (_listener.BoundTlsPort is { } tlsPort)
        {
            IngestionLog.TlsStarted(logger, tlsPort);
        }
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

    private Task OnConnectingAsync(ValidatingConnectionEventArgs e)
    {
        e.SessionItems[ProtocolKey] = e.ProtocolVersion;
        var address = (e.RemoteEndPoint as IPEndPoint)?.Address;
        var addressText = address?.ToString() ?? "?";
        if (_throttle.IsBlocked(addressText))
        {
            e.ReasonCode = MqttConnectReasonCode.ConnectionRateExceeded;
            Refused("connect", MqttAuthenticator.Throttled, e.UserName ?? "", addressText, $"over {_options.FailedConnectsPerMinute} failed CONNECTs in a minute");
            return Task.CompletedTask;
        }
        // MQTT 5 lets a client leave its id empty for the server to assign (MQTTnet does so with this value); the
        // listener has already given one to an MQTT 3.1.1 client with a clean session.
        var assigned = (e.ChannelAdapter as ClientChannelAdapter)?.AssignedClientId is not null;
        if (string.IsNullOrEmpty(e.ClientId) && e.ProtocolVersion == MqttProtocolVersion.V500)
        {
            e.AssignedClientIdentifier = ClientChannelAdapter.NewClientId();
            assigned = true;
        }
        var verdict = authenticator.Authenticate(e.UserName, e.RawPassword ?? [], e.ClientId, assigned, address);
        if (verdict.Principal is not { } principal)
        {
            e.ReasonCode = verdict.Code;
            _throttle.Failed(addressText);
            Refused("connect", verdict.Reason!, e.UserName ?? "", addressText, $"client id '{LogText.Safe(e.ClientId ?? "")}'");
            return Task.CompletedTask;
        }
        e.SessionItems[PrincipalKey] = principal;
        _principals[string.IsNullOrEmpty(e.ClientId) ? e.AssignedClientIdentifier : e.ClientId] = principal;
        return Task.CompletedTask;
    }

    private Task OnSubscribingAsync(InterceptingSubscriptionEventArgs e)
    {
        var filter = e.TopicFilter.Topic;
        var refusal = PrincipalOf(e.SessionItems) is { } principal ? _rights.RefuseSubscribe(principal, filter) : MqttRights.NotItsTopic;
        if (refusal is not null)
        {
            e.ProcessSubscription = false;
            e.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
            Refused("subscribe", refusal, e.UserName ?? "", e.ClientId, LogText.Safe(filter, 256));
        }
        return Task.CompletedTask;
    }

    private Task OnEnqueueingAsync(InterceptingClientApplicationMessageEnqueueEventArgs e)
    {
        // Checked again for every message: a wildcard granted in the lab, or a session made before a change of rights,
        // never carries a topic its client may not see.
        if (!_principals.TryGetValue(e.ReceiverClientId, out var receiver) || !_rights.MayReceive(receiver, e.ApplicationMessage.Topic))
        {
            e.AcceptEnqueue = false;
        }
        return Task.CompletedTask;
    }

    private async Task OnPublishAsync(InterceptingPublishEventArgs e)
    {
        var topic = e.ApplicationMessage.Topic;
        try
        {
            var principal = PrincipalOf(e.SessionItems);
            var refusal = principal is null ? MqttRights.NotItsTopic : _rights.RefusePublish(principal, topic, e.ApplicationMessage.Retain);
            if (refusal is not null)
            {
                e.ProcessPublish = false;
                e.Response.ReasonCode = MqttPubAckReasonCode.NotAuthorized;
                e.Response.ReasonString = refusal;
                Refused("publish", refusal, e.UserName ?? "", e.ClientId, LogText.Safe(topic, 256));
                return;
            }
            if (pipeline.IngestAsync(topic, e.ApplicationMessage.Payload, e.CancellationToken) is not { } ingest)
            {
                // Not an uplink (the twin's downlinks, alarms and dead letters, lab test topics): the broker routes it.
                return;
            }
            // Uplinks go to the twin only: nobody else hears a device (a child's position least of all).
            e.ProcessPublish = false;
            var result = await ingest;
            if (result.Rejection is { Reason: RejectReason.Internal } && CannotBeToldOfFailure(e))
            {
                // Not stored: a PUBACK would tell a device that cannot read reason codes that it was.
                RefuseWithoutAcknowledgement(e);
                return;
            }
            if (result.Rejection is { } rejection)
            {
                e.Response.ReasonCode = rejection.Code;
                e.Response.ReasonString = $"{rejection.Label}: {rejection.Detail}";
                await DeadLetterAsync(e.ApplicationMessage, rejection, result.DeviceId);
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

    private static MqttPrincipal? PrincipalOf(IDictionary? items) => items?[PrincipalKey] as MqttPrincipal;

    private void Refused(string stage, string reason, string client, string where, string detail)
    {
        metrics.CountRefused(stage, reason);
        if (_log.ShouldLog(stage + "/" + reason, out var suppressed))
        {
            IngestionLog.Refused(logger, stage, reason, LogText.Safe(client), LogText.Safe(where), detail, suppressed);
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
        await server.InjectApplicationMessage(new InjectedMqttApplicationMessage(message) { SenderClientId = "twin", CustomSessionItems = _twinItems }, ct);
    }

    private async Task DeadLetterAsync(MqttApplicationMessage original, Rejection rejection, string? deviceId)
    {
        if (string.IsNullOrEmpty(_options.DeadLetterTopic) || _server is null)
        {
            return;
        }
        var body = DeadLetter.Body(original.Topic, original.Payload.ToArray(), rejection, deviceId, catalog);
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(_options.DeadLetterTopic)
            .WithPayload(body)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        await _server.InjectApplicationMessage(new InjectedMqttApplicationMessage(message) { SenderClientId = "twin-dead-letter", CustomSessionItems = _twinItems });
    }

    /// <summary>The TLS listener's certificate: a PKCS#12 file, or a PEM certificate and key.</summary>
    private static X509Certificate2 LoadCertificate(MqttTlsOptions tls)
    {
        var path = tls.CertificatePath ?? throw new InvalidOperationException("Twin:Mqtt:Tls:CertificatePath is required with Twin:Mqtt:Tls:Port.");
        if (!string.IsNullOrEmpty(tls.KeyPath))
        {
            using var pem = X509Certificate2.CreateFromPemFile(path, tls.KeyPath);
            // Re-imported so that the private key is usable by the TLS stack on every platform.
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }
        return X509CertificateLoader.LoadPkcs12FromFile(path, tls.CertificatePassword);
    }
}
