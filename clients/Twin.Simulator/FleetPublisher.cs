using System.Collections.Concurrent;
using MQTTnet;
using MQTTnet.Protocol;
using Twin.Codecs;
using Twin.Resilience;

namespace Twin.Simulator;

/// <summary>
/// Publishes uplinks over one or more MQTT 5 connections (MQTTnet), pipelining up to a window of QoS 1
/// publishes per connection and recording each PUBACK: acknowledged or rejected by reason code, and the
/// latency. The connections sign in as one account, or — with <see cref="PublisherOptions.DeviceKeySecret"/> — each
/// device has its own, opened at its first uplink with its derived key. A lost connection is re-established on the next publish, retried with the twin's backoff
/// (<see cref="TwinResilience"/>).
/// </summary>
public sealed class FleetPublisher : IAsyncDisposable
{
    private readonly PublisherOptions _options;
    private readonly TimeProvider _time;
    private readonly Link[] _links;
    private readonly ConcurrentDictionary<string, Link> _deviceLinks = new(StringComparer.Ordinal);
    private readonly PublishStats _stats = new();
    private long _firstTimestamp;
    private long _lastTimestamp;

    /// <summary>A publisher to the given broker; nothing connects until <see cref="ConnectAsync"/>.</summary>
    public FleetPublisher(PublisherOptions options, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Connections, 1);
        _options = options;
        _time = time ?? TimeProvider.System;
        var run = Guid.NewGuid().ToString("N")[..8]; // client ids unique per run: a second simulator must not take over our sessions
        _links = options.PerDevice ? [] : [.. Enumerable.Range(0, options.Connections).Select(i => new Link(this, $"twin-sim-{run}-{i}", options.Username, options.Password))];
    }

    /// <summary>Connects every connection, retrying with backoff (about 0.2 s, doubling with jitter to at most 5 s) until <paramref name="wait"/> has passed.</summary>
    public async Task ConnectAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        var deadline = wait == Timeout.InfiniteTimeSpan ? DateTimeOffset.MaxValue : _time.GetUtcNow() + wait;
        foreach (var link in _links)
        {
            await link.ConnectAsync(deadline, cancellationToken);
        }
    }

    /// <summary>Starts publishing an uplink; returns once it is on its way (waiting only for a free in-flight slot).</summary>
    public ValueTask PublishAsync(Uplink uplink, CancellationToken cancellationToken)
    {
        var link = _options.DeviceKeySecret is { } secret
            ? _deviceLinks.GetOrAdd(uplink.Device.Id, id => new Link(this, id, id, DeviceKeys.PasswordFor(secret, id)))
            : _links[(int)((uint)uplink.Device.Id.GetHashCode(StringComparison.Ordinal) % (uint)_links.Length)];
        return link.PublishAsync(uplink, cancellationToken);
    }

    private IEnumerable<Link> AllLinks => _links.Concat(_deviceLinks.Values);

    /// <summary>Waits until every publish has been answered (or failed).</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        foreach (var link in AllLinks)
        {
            await link.DrainAsync(cancellationToken);
        }
    }

    /// <summary>What has been published and answered so far.</summary>
    public PublishSummary Summary()
    {
        var first = Interlocked.Read(ref _firstTimestamp);
        var elapsed = first == 0 ? TimeSpan.Zero : _time.GetElapsedTime(first, Math.Max(first, Interlocked.Read(ref _lastTimestamp)));
        return _stats.Summary(elapsed, _options.Qos);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var link in AllLinks)
        {
            await link.DisposeAsync();
        }
    }

    private void MarkActivity()
    {
        var now = _time.GetTimestamp();
        Interlocked.CompareExchange(ref _firstTimestamp, now, 0);
        Interlocked.Exchange(ref _lastTimestamp, now);
    }

    /// <summary>One MQTT connection with its in-flight window.</summary>
    private sealed class Link(FleetPublisher owner, string clientId, string? username, string? password) : IAsyncDisposable
    {
        private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
        private readonly SemaphoreSlim _window = new(owner._options.MaxInFlight, owner._options.MaxInFlight);
        private readonly SemaphoreSlim _connecting = new(1, 1);

        private MqttClientOptions Options()
        {
            var o = owner._options;
            var builder = new MqttClientOptionsBuilder()
                .WithTcpServer(o.Host, o.Port)
                .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
                .WithClientId(clientId)
                .WithCleanStart()
                .WithKeepAlivePeriod(TimeSpan.FromSeconds(30))
                .WithTimeout(TimeSpan.FromSeconds(10));
            if (!string.IsNullOrEmpty(username))
            {
                builder = builder.WithCredentials(username, password);
            }
            return builder.Build();
        }

        public async Task ConnectAsync(DateTimeOffset deadline, CancellationToken cancellationToken)
        {
            await _connecting.WaitAsync(cancellationToken);
            try
            {
                // The broker may still be starting (the silo's own, at boot): back off and retry, unless the next
                // attempt would come after the deadline.
                var retry = TwinResilience.Retry(owner._time, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5), args =>
                {
                    if (deadline != DateTimeOffset.MaxValue && owner._time.GetUtcNow() + args.RetryDelay > deadline)
                    {
                        var ex = args.Outcome.Exception!;
                        throw new InvalidOperationException(
                            $"The MQTT broker at {owner._options.Host}:{owner._options.Port} did not accept a connection: {ex.Message}", ex);
                    }
                    return ValueTask.CompletedTask;
                });
                await retry.ExecuteAsync(async ct =>
                {
                    if (!_client.IsConnected)
                    {
                        await _client.ConnectAsync(Options(), ct);
                    }
                }, cancellationToken);
            }
            finally
            {
                _connecting.Release();
            }
        }

        public async ValueTask PublishAsync(Uplink uplink, CancellationToken cancellationToken)
        {
            await _window.WaitAsync(cancellationToken);
            try
            {
                if (!_client.IsConnected)
                {
                    await ConnectAsync(owner._time.GetUtcNow() + TimeSpan.FromMinutes(1), cancellationToken);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                owner._stats.Error(ex.GetType().Name);
                _window.Release();
                return;
            }
            catch
            {
                _window.Release();
                throw;
            }

            var message = new MqttApplicationMessageBuilder()
                .WithTopic(uplink.Topic)
                .WithPayload(uplink.Payload)
                .WithQualityOfServiceLevel(owner._options.Qos == 0 ? MqttQualityOfServiceLevel.AtMostOnce : MqttQualityOfServiceLevel.AtLeastOnce)
                .Build();
            owner.MarkActivity();
            var started = owner._time.GetTimestamp();
            owner._stats.CountSent();
            _ = CompleteAsync(_client.PublishAsync(message, CancellationToken.None), started);
        }

        private async Task CompleteAsync(Task<MqttClientPublishResult> publish, long started)
        {
            try
            {
                var result = await publish;
                var latency = owner._time.GetElapsedTime(started);
                if (owner._options.Qos == 0)
                {
                    return;
                }
                if ((int)result.ReasonCode < 0x80)
                {
                    owner._stats.Acknowledge(latency);
                }
                else
                {
                    owner._stats.Reject($"{result.ReasonCode} (0x{(int)result.ReasonCode:X2})", latency);
                }
            }
            catch (Exception ex)
            {
                owner._stats.Error(ex.GetType().Name);
            }
            finally
            {
                owner.MarkActivity();
                _window.Release();
            }
        }

        public async Task DrainAsync(CancellationToken cancellationToken)
        {
            var max = owner._options.MaxInFlight;
            for (var i = 0; i < max; i++)
            {
                await _window.WaitAsync(cancellationToken);
            }
            _window.Release(max);
            if (owner._options.Qos == 0 && _client.IsConnected)
            {
                // QoS 0 has no answers to wait for; a ping's round trip proves the broker has read everything before it.
                await _client.PingAsync(cancellationToken);
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_client.IsConnected)
            {
                try
                {
                    await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build());
                }
                catch (Exception ex) when (ex is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException)
                {
                    // Already gone: nothing to say goodbye to.
                }
            }
            _client.Dispose();
            _window.Dispose();
            _connecting.Dispose();
        }
    }
}
