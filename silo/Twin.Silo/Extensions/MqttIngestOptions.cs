using System.ComponentModel.DataAnnotations;

namespace Twin.Silo.Extensions;

/// <summary>The MQTT side (<c>Twin:Mqtt</c>).</summary>
public sealed class MqttIngestOptions
{
    /// <summary>Embedded broker port (default 1883).</summary>
    [Range(0, 65535)] public int Port { get; set; } = 1883;

    /// <summary><c>Embedded</c> (default) runs the broker in the silo; <c>External</c> subscribes to an outside broker.</summary>
    [EnumDataType(typeof(MqttMode))] public MqttMode Mode { get; set; } = MqttMode.Embedded;

    /// <summary>Where rejected messages are copied, with their reason; none when empty.</summary>
    public string? DeadLetterTopic { get; set; }

    /// <summary>The outside broker (<c>Mode=External</c>).</summary>
    public ExternalBrokerOptions External { get; set; } = new();
}
