using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using MQTTnet.Adapter;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Formatter;
using MQTTnet.Implementations;
using MQTTnet.Server;

namespace Twin.Silo.Ingestion.Transport;

/// <summary>
/// The embedded broker's TCP listeners (plain and TLS) in place of MQTTnet's own, for what MQTTnet leaves out: a
/// bound on connections (closed on arrival past it), a bound on packet size enforced before a packet is buffered
/// (<see cref="PacketSizeGuardStream"/>), and server-assigned ids for MQTT 3.1.1 clients (<see cref="ClientChannelAdapter"/>).
/// </summary>
public sealed class TwinMqttListener(TwinMqttListener.Settings settings, Action<string> refused, ILogger logger) : IMqttServerAdapter
{
    /// <summary>What to listen on and the bounds.</summary>
    /// <param name="PlainPort">The plain listener's port; null for none (0 lets the system pick).</param>
    /// <param name="TlsPort">The TLS listener's port; null for none.</param>
    /// <param name="Certificate">The TLS server certificate with its private key.</param>
    /// <param name="MaxConnections">Most connections at once, both listeners together.</param>
    /// <param name="MaxPacketBytes">Largest packet a client may send.</param>
    public sealed record Settings(int? PlainPort, int? TlsPort, X509Certificate2? Certificate, int MaxConnections, int MaxPacketBytes);

    /// <summary>Refusal label: a connection past <c>Twin:Mqtt:MaxConnections</c>.</summary>
    public const string TooManyConnections = "too-many-connections";

    /// <summary>Refusal label: a packet past <c>Twin:Mqtt:MaxPacketBytes</c>.</summary>
    public const string PacketTooLarge = "packet-too-large";

    private readonly List<Socket> _sockets = [];
    private readonly CancellationTokenSource _stopping = new();
    private MqttServerOptions _options = null!;
    private IMqttNetLogger _mqttLogger = null!;
    private int _open;

    public Func<IMqttChannelAdapter, Task>? ClientHandler { get; set; }

    /// <summary>Connections open now.</summary>
    public int OpenConnections => Volatile.Read(ref _open);

    /// <summary>The plain listener's port once started (the one the system picked for port 0).</summary>
    public int? BoundPlainPort { get; private set; }

    /// <summary>The TLS listener's port once started.</summary>
    public int? BoundTlsPort { get; private set; }

    public Task StartAsync(MqttServerOptions options, IMqttNetLogger logger)
    {
        _options = options;
        _mqttLogger = logger;
        if (settings.PlainPort is { } plain)
        {
            BoundPlainPort = Listen(plain, tls: false);
        }
        if (settings.TlsPort is { } tls)
        {
            BoundTlsPort = Listen(tls, tls: true);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync()
    {
        _stopping.Cancel();
        // The server's stop and the host's dispose may both stop the listener, at the same time.
        Socket[] sockets;
        lock (_sockets)
        {
            sockets = [.. _sockets];
            _sockets.Clear();
        }
        foreach (var socket in sockets)
        {
            socket.Dispose();
        }
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        StopAsync().GetAwaiter().GetResult();
        _stopping.Dispose();
    }

    private int Listen(int port, bool tls)
    {
        Socket socket;
        try
        {
            socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp) { DualMode = true };
            socket.Bind(new IPEndPoint(IPAddress.IPv6Any, port));
        }
        catch (SocketException)
        {
            // No IPv6 on this host.
            socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Any, port));
        }
        socket.NoDelay = true;
        socket.Listen(512);
        lock (_sockets)
        {
            _sockets.Add(socket);
        }
        _ = AcceptAsync(socket, tls, _stopping.Token);
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    private async Task AcceptAsync(Socket listener, bool tls, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(ct);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex)
            {
                TransportLog.AcceptFailed(logger, ex);
                continue;
            }
            if (Interlocked.Increment(ref _open) > settings.MaxConnections)
            {
                Interlocked.Decrement(ref _open);
                refused(TooManyConnections);
                client.Dispose();
                continue;
            }
            _ = Task.Run(() => HandleAsync(client, tls, ct), CancellationToken.None);
        }
    }

    private async Task HandleAsync(Socket socket, bool tls, CancellationToken ct)
    {
        Stream? stream = null;
        try
        {
            socket.NoDelay = true;
            var remote = socket.RemoteEndPoint;
            var local = socket.LocalEndPoint;
            stream = new NetworkStream(socket, ownsSocket: true);
            if (tls)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                using var handshake = CancellationTokenSource.CreateLinkedTokenSource(ct);
                handshake.CancelAfter(TimeSpan.FromSeconds(10));
                await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                {
                    ServerCertificate = settings.Certificate,
                    EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                    ClientCertificateRequired = false,
                }, handshake.Token);
            }
            stream = new PacketSizeGuardStream(stream, settings.MaxPacketBytes, () => refused(PacketTooLarge));
            var channel = new MqttTcpChannel(stream, local, remote, null);
            var formatter = new MqttPacketFormatterAdapter(new MqttBufferWriter(_options.WriterBufferSize, _options.WriterBufferSizeMax));
            using var adapter = new MqttChannelAdapter(channel, formatter, _mqttLogger);
            if (ClientHandler is { } handler)
            {
                await handler(new ClientChannelAdapter(adapter));
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or AuthenticationException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away, failed its TLS handshake or sent too much: nothing to do but close.
        }
        catch (Exception ex)
        {
            TransportLog.ConnectionFailed(logger, ex);
        }
        finally
        {
            if (stream is not null)
            {
                await stream.DisposeAsync();
            }
            else
            {
                socket.Dispose();
            }
            Interlocked.Decrement(ref _open);
        }
    }
}
