using System.Buffers;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Polly;
using Polly.Retry;
using Twin.Resilience;
using Twin.Silo.Extensions;

namespace Twin.Silo.Ingestion;

/// <summary>
/// Ingestion from an outside broker (<c>Twin:Mqtt:Mode=External</c>): MQTT 5 shared subscriptions split the
/// uplinks among the silos, and a persistent session (clean start off) keeps a stopped silo's queue until it
/// returns. Each message is acknowledged only after its reading is in the history; acknowledgements are sent
/// as each reading completes, so many are in flight at once (bounded by Receive Maximum) instead of one
/// commit at a time. A lost connection is retried, and so is a reading the history cannot take yet, with the
/// twin's backoff (<see cref="TwinResilience"/>) until the silo stops.
/// </summary>
public sealed class ExternalBroker(
    IngestionPipeline pipeline,
    IOptions<MqttIngestOptions> options,
    IConfiguration configuration,
    Twin.Catalog.TwinCatalog catalog,
    TimeProvider clock,
    ILogger<ExternalBroker> logger) : BackgroundService, IMqttOutbound
{
    private readonly MqttIngestOptions _options = options.Value;
    // A reading the history could not take is offered again after about 100 ms, doubling with jitter to at most 10 s.
    private readonly ResiliencePipeline<IngestResult> _untilDurable = TwinResilience.RetryWhile<IngestResult>(
        clock, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10), static r => r.Rejection?.Reason == RejectReason.Internal);
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>The topic filters the silos share, one per uplink format.</summary>
    public static readonly string[] UplinkFilters = ["toyama/+/+/up", "v3/+/devices/+/up", "application/+/device/+/event/up"];

    /// <summary>Completes once the first connection and subscriptions are up (for tests and readiness).</summary>
    public Task Connected => _connected.Task;

    /// <summary>This silo's client id (its persistent session).</summary>
    public string ClientId => _options.External.ClientId
        ?? $"twin-{Environment.MachineName}-{configuration["Twin:Silo:SiloPort"] ?? "11111"}";

    public bool IsUp => _client.IsConnected;

    public string Describe => $"MQTT broker {_options.External.Host}:{_options.External.Port} as {ClientId}";

    public async Task PublishAsync(MqttApplicationMessage message, CancellationToken ct = default)
    {
        var result = await _client.PublishAsync(message, ct);
        if (!result.IsSuccess && result.ReasonCode != MqttClientPublishReasonCode.NoMatchingSubscribers)
        {
            throw new InvalidOperationException($"The broker refused {message.Topic}: {result.ReasonCode} {result.ReasonString}");
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        stoppingToken.Register(_stopping.Cancel);
        _client.ApplicationMessageReceivedAsync += OnMessageAsync;
        // Each outage is retried from about 250 ms, doubling with jitter to at most 30 s, until the silo stops.
        var reconnect = TwinResilience.Retry(clock, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(30), OnConnectFailed);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await reconnect.ExecuteAsync(async ct =>
                {
                    // Still connected after a failed attempt (a refused subscription, logged): wait for the disconnect.
                    if (!_client.IsConnected)
                    {
                        await ConnectAsync(ct);
                    }
                }, stoppingToken);
                await WaitForDisconnectAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
        }
        if (_client.IsConnected)
        {
            // A normal disconnect keeps the session (and its queue) on the broker for the next start.
            await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build(), CancellationToken.None);
        }
    }

    public override void Dispose()
    {
        _client.Dispose();
        _stopping.Dispose();
        base.Dispose();
    }

    private ValueTask OnConnectFailed(OnRetryArguments<object> args)
    {
        ExternalLog.ConnectFailed(logger, _options.External.Host, _options.External.Port, args.RetryDelay, args.Outcome.Exception!);
        return ValueTask.CompletedTask;
    }

    private async Task ConnectAsync(CancellationToken ct)
    {
        var external = _options.External;
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(external.Host, external.Port)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId(ClientId)
            .WithCleanStart(false)
            .WithSessionExpiryInterval((uint)external.SessionExpirySeconds)
            .WithReceiveMaximum((ushort)external.ReceiveMaximum)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(15));
        if (!string.IsNullOrEmpty(external.Username))
        {
            builder = builder.WithCredentials(external.Username, external.Password);
        }
        var result = await _client.ConnectAsync(builder.Build(), ct);
        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            throw new InvalidOperationException($"The broker refused the connection: {result.ResultCode} {result.ReasonString}");
        }
        if (!result.IsSessionPresent)
        {
            var subscribe = new MqttClientSubscribeOptionsBuilder();
            foreach (var filter in UplinkFilters)
            {
                subscribe.WithTopicFilter($"$share/{external.SharedGroup}/{filter}", MqttQualityOfServiceLevel.AtLeastOnce);
            }
            var granted = await _client.SubscribeAsync(subscribe.Build(), ct);
            // A broker may refuse a shared subscription (not supported, not authorised): say so, do not run deaf.
            var refused = granted.Items.Where(i => (int)i.ResultCode >= 0x80).ToList();
            if (refused.Count > 0)
            {
                throw new InvalidOperationException("The broker refused " + string.Join(", ", refused.Select(i => $"{i.TopicFilter.Topic} ({i.ResultCode})")));
            }
        }
        ExternalLog.Connected(logger, external.Host, external.Port, ClientId, result.IsSessionPresent);
        _connected.TrySetResult();
    }

    private async Task WaitForDisconnectAsync(CancellationToken ct)
    {
        var disconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task OnDisconnected(MqttClientDisconnectedEventArgs _)
        {
            disconnected.TrySetResult();
            return Task.CompletedTask;
        }
        _client.DisconnectedAsync += OnDisconnected;
        try
        {
            if (_client.IsConnected)
            {
                await disconnected.Task.WaitAsync(ct);
            }
        }
        finally
        {
            _client.DisconnectedAsync -= OnDisconnected;
        }
    }

    private Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        var topic = e.ApplicationMessage.Topic;
        if (!IngestionPipeline.IsUplink(topic))
        {
            return Task.CompletedTask;
        }
        e.AutoAcknowledge = false;
        // The payload buffer belongs to the client's receive loop: copy it before handing the message on.
        var payload = e.ApplicationMessage.Payload.ToArray();
        _ = ProcessAsync(e, topic, payload);
        return Task.CompletedTask;
    }

    private async Task ProcessAsync(MqttApplicationMessageReceivedEventArgs e, string topic, byte[] payload)
    {
        try
        {
            var result = await pipeline.IngestAsync(topic, new ReadOnlySequence<byte>(payload))!;
            if (result.Rejection?.Reason == RejectReason.Internal)
            {
                // The history could not take it: never acknowledge that (the broker would drop the reading).
                if (await OfferAgainAsync(topic, payload, result) is not { } retried)
                {
                    // Stopping with it still not durable: left unacknowledged, the broker sends it again to this
                    // session when the silo is back.
                    return;
                }
                result = retried;
            }
            if (result.Rejection is { } rejection)
            {
                e.ReasonCode = (MqttApplicationMessageReceivedReasonCode)(int)rejection.Code;
                e.ResponseReasonString = $"{rejection.Label}: {rejection.Detail}";
                await DeadLetterAsync(topic, payload, rejection, result.DeviceId);
            }
            await e.AcknowledgeAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Not acknowledged: the broker redelivers it (to this session when it reconnects).
            IngestionLog.HandlerFailed(logger, LogText.Safe(topic, 256), ex);
        }
    }

    /// <summary>
    /// Offers a reading the history refused again while the silo runs, until it is taken or rejected for another
    /// reason; null if the silo stops first. Receive Maximum bounds how many wait like this.
    /// </summary>
    private async Task<IngestResult?> OfferAgainAsync(string topic, byte[] payload, IngestResult refusal)
    {
        // The refusal just had is the retry's first outcome, so its first call comes after the first delay.
        IngestResult? first = refusal;
        try
        {
            return await _untilDurable.ExecuteAsync(async _ =>
            {
                var outcome = first ?? await pipeline.IngestAsync(topic, new ReadOnlySequence<byte>(payload))!;
                first = null;
                return outcome;
            }, _stopping.Token);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            return null;
        }
    }

    private async Task DeadLetterAsync(string topic, byte[] payload, Rejection rejection, string? deviceId)
    {
        if (string.IsNullOrEmpty(_options.DeadLetterTopic))
        {
            return;
        }
        var body = DeadLetter.Body(topic, payload, rejection, deviceId, catalog);
        await PublishAsync(new MqttApplicationMessageBuilder().WithTopic(_options.DeadLetterTopic).WithPayload(body)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
    }
}
