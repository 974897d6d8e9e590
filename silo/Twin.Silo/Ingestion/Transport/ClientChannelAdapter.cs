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
/// And it puts a SUBACK's reason codes back in the order of the SUBSCRIBE's filters (MQTT-3.9.3-1): MQTTnet 5.2
/// handles the filters highest QoS first and answers in that order, so a client could read a refusal as a grant.
/// </summary>
public sealed class ClientChannelAdapter(IMqttChannelAdapter inner) : IMqttChannelAdapter
{
    private readonly Dictionary<ushort, int[]> _subscribeOrder = [];
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
        if (packet is MqttSubscribePacket subscribe && subscribe.TopicFilters.Count > 1)
        {
            // The order MQTTnet answers in: by QoS, highest first, stable (LINQ's OrderByDescending).
            var order = subscribe.TopicFilters.Select((f, i) => (f.QualityOfServiceLevel, i)).OrderByDescending(x => x.QualityOfServiceLevel).Select(x => x.i).ToArray();
            lock (_subscribeOrder)
            {
                _subscribeOrder[subscribe.PacketIdentifier] = order;
            }
        }
        return packet;
    }

    public void ResetStatistics() => inner.ResetStatistics();

    public Task SendPacketAsync(MqttPacket packet, CancellationToken cancellationToken)
    {
        if (packet is MqttSubAckPacket subAck)
        {
            int[]? order;
            lock (_subscribeOrder)
            {
                _subscribeOrder.Remove(subAck.PacketIdentifier, out order);
            }
            if (order is not null && order.Length == subAck.ReasonCodes.Count)
            {
                var answered = subAck.ReasonCodes.ToArray();
                for (var k = 0; k < order.Length; k++)
                {
                    subAck.ReasonCodes[order[k]] = answered[k];
                }
            }
        }
        return inner.SendPacketAsync(packet, cancellationToken);
    }

    public void Dispose() => inner.Dispose();

    /// <summary>A client id of the server's choosing.</summary>
    public static string NewClientId() => "auto-" + Guid.NewGuid().ToString("N");
}
