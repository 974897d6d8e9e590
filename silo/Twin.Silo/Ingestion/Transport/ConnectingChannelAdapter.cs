using System.Net;
using System.Security.Cryptography.X509Certificates;
using MQTTnet.Adapter;
using MQTTnet.Formatter;
using MQTTnet.Packets;

namespace Twin.Silo.Ingestion.Transport;

/// <summary>
/// A client's channel as the broker sees it. It gives an MQTT 3.1/3.1.1 CONNECT with an empty client id and a clean
/// session an id of the server's choosing, as the specification allows (MQTT-3.1.3-6) and Mosquitto does — MQTTnet
/// assigns ids only to MQTT 5 clients and refuses the rest, so Debian's <c>mosquitto_pub</c> could not connect.
/// </summary>
public sealed class ConnectingChannelAdapter(IMqttChannelAdapter inner) : IMqttChannelAdapter
{
    private bool _connectSeen;

    /// <summary>The id given to a client that sent none (MQTT 3.1.1); null otherwise.</summary>
    public string? AssignedClientId { get; private set; }

    public long BytesReceived => inner.BytesReceived;

    public long BytesSent => inner.BytesSent;

    public X509Certificate2 ClientCertificate => inner.ClientCertificate;

    public EndPoint RemoteEndPoint => inner.RemoteEndPoint;

    public EndPoint LocalEndPoint => inner.LocalEndPoint;

    public bool IsSecureConnection => inner.IsSecureConnection;

    public MqttPacketFormatterAdapter PacketFormatterAdapter => inner.PacketFormatterAdapter;

    public Task ConnectAsync(CancellationToken cancellationToken) => inner.ConnectAsync(cancellationToken);

    public Task DisconnectAsync(CancellationToken cancellationToken) => inner.DisconnectAsync(cancellationToken);

    public async Task<MqttPacket> ReceivePacketAsync(CancellationToken cancellationToken)
    {
        var packet = await inner.ReceivePacketAsync(cancellationToken);
        if (!_connectSeen && packet is MqttConnectPacket connect)
        {
            _connectSeen = true;
            if (string.IsNullOrEmpty(connect.ClientId) && connect.CleanSession && inner.PacketFormatterAdapter.ProtocolVersion < MqttProtocolVersion.V500)
            {
                AssignedClientId = NewClientId();
                connect.ClientId = AssignedClientId;
            }
        }
        return packet;
    }

    public void ResetStatistics() => inner.ResetStatistics();

    public Task SendPacketAsync(MqttPacket packet, CancellationToken cancellationToken) => inner.SendPacketAsync(packet, cancellationToken);

    public void Dispose() => inner.Dispose();

    /// <summary>A client id of the server's choosing.</summary>
    public static string NewClientId() => "auto-" + Guid.NewGuid().ToString("N");
}
