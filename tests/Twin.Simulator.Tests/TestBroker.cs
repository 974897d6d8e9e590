using System.Net;
using System.Net.Sockets;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Twin.Simulator.Tests;

/// <summary>A real in-process MQTTnet broker on a free port that counts what arrives and can refuse topics, as the twin does.</summary>
internal sealed class TestBroker : IAsyncDisposable
{
    private readonly MqttServer _server;
    private readonly Func<string, MqttPubAckReasonCode?> _answer;
    private readonly TaskCompletionSource _enough = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly int _enoughAt;
    private readonly List<string> _topics = [];
    private readonly List<(string ClientId, string? Username, string? Password)> _connects = [];
    private int _count;

    public TestBroker(Func<string, MqttPubAckReasonCode?>? answer = null, int signalAfter = int.MaxValue)
    {
        Port = FreePort();
        _answer = answer ?? (_ => null);
        _enoughAt = signalAfter;
        _server = new MqttServerFactory().CreateMqttServer(
            new MqttServerOptionsBuilder().WithDefaultEndpoint().WithDefaultEndpointPort(Port).Build());
        _server.ValidatingConnectionAsync += e =>
        {
            lock (_connects)
            {
                _connects.Add((e.ClientId, e.UserName, e.Password));
            }
            return Task.CompletedTask;
        };
        _server.InterceptingPublishAsync += e =>
        {
            lock (_topics)
            {
                _topics.Add(e.ApplicationMessage.Topic);
            }
            if (_answer(e.ApplicationMessage.Topic) is { } code)
            {
                e.ProcessPublish = false;
                e.Response.ReasonCode = code;
            }
            if (Interlocked.Increment(ref _count) >= _enoughAt)
            {
                _enough.TrySetResult();
            }
            return Task.CompletedTask;
        };
    }

    public int Port { get; }

    /// <summary>Completes once <c>signalAfter</c> messages have arrived.</summary>
    public Task Enough => _enough.Task;

    public IReadOnlyList<string> Topics
    {
        get
        {
            lock (_topics)
            {
                return [.. _topics];
            }
        }
    }

    /// <summary>Every CONNECT so far: client id and credentials.</summary>
    public IReadOnlyList<(string ClientId, string? Username, string? Password)> Connects
    {
        get
        {
            lock (_connects)
            {
                return [.. _connects];
            }
        }
    }

    public Task StartAsync() => _server.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync();
        _server.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
