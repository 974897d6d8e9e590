using MQTTnet;

namespace Twin.Silo.Ingestion;

/// <summary>Where the silo publishes its own messages: the embedded broker, or the external broker's client.</summary>
public interface IMqttOutbound
{
    /// <summary>Publishes a message; completes when the broker has taken it.</summary>
    Task PublishAsync(MqttApplicationMessage message, CancellationToken ct = default);

    /// <summary>Whether uplinks can arrive: the embedded broker listens, or the silo is connected to the outside broker.</summary>
    bool IsUp { get; }

    /// <summary>Where uplinks come from, for health reports.</summary>
    string Describe { get; }
}
