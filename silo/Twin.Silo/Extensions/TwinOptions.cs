using System.ComponentModel.DataAnnotations;

namespace Twin.Silo.Extensions;

/// <summary>The MQTT side (<c>Twin:Mqtt</c>).</summary>
public sealed class MqttIngestOptions
{
    /// <summary>Embedded broker port (default 1883).</summary>
    [Range(0, 65535)] public int Port { get; set; } = 1883;

    /// <summary><c>Embedded</c> (default) runs the broker in the silo; <c>External</c> subscribes to an outside broker.</summary>
    [AllowedValues("Embedded", "External")] public string Mode { get; set; } = "Embedded";

    /// <summary>Where rejected messages are copied, with their reason; none when empty.</summary>
    public string? DeadLetterTopic { get; set; }

    /// <summary>The outside broker (<c>Mode=External</c>).</summary>
    public ExternalBrokerOptions External { get; set; } = new();
}

/// <summary>An outside broker (Mosquitto, EMQX) that several silos share (<c>Twin:Mqtt:External</c>).</summary>
public sealed class ExternalBrokerOptions
{
    /// <summary>Broker host (default 127.0.0.1).</summary>
    [Required] public string Host { get; set; } = "127.0.0.1";

    /// <summary>Broker port (default 1883).</summary>
    [Range(1, 65535)] public int Port { get; set; } = 1883;

    /// <summary>User name, if the broker asks for one.</summary>
    public string? Username { get; set; }

    /// <summary>Password, if the broker asks for one (give it by environment variable or a secret store, not in a file).</summary>
    public string? Password { get; set; }

    /// <summary>The MQTT 5 shared-subscription group the silos split the load in (default <c>twin</c>).</summary>
    [Required, RegularExpression("^[A-Za-z0-9_-]+$")] public string SharedGroup { get; set; } = "twin";

    /// <summary>This silo's client id; it keys the broker's persistent session, so it must survive restarts (default from host name and silo port).</summary>
    public string? ClientId { get; set; }

    /// <summary>Messages the broker may have in flight to this silo unacknowledged (MQTT 5 Receive Maximum, default 512).</summary>
    [Range(1, 65535)] public int ReceiveMaximum { get; set; } = 512;

    /// <summary>How long the broker keeps this silo's session and queue while it is away (default one day).</summary>
    [Range(0, int.MaxValue)] public int SessionExpirySeconds { get; set; } = 86_400;
}

/// <summary>Ingestion limits (<c>Twin:Ingestion</c>).</summary>
public sealed class IngestionOptions
{
    /// <summary>Flood limit: readings a device may send per minute before the rest are rejected (default 120).</summary>
    [Range(1, 1_000_000)] public int MaxReadingsPerDevicePerMinute { get; set; } = 120;

    /// <summary>Largest payload taken, in bytes (default 4096).</summary>
    [Range(64, 1_048_576)] public int MaxPayloadBytes { get; set; } = 4096;

    /// <summary>How far a device's clock may run ahead of the twin's, in seconds (default 300).</summary>
    [Range(0, 86_400)] public int MaxFutureSkewS { get; set; } = 300;

    /// <summary>Readings older than this many days are rejected (default 7).</summary>
    [Range(1, 3650)] public int MaxAgeDays { get; set; } = 7;
}

/// <summary>The catalog (<c>Twin:Catalog</c>).</summary>
public sealed class CatalogOptions
{
    /// <summary>Extra generated devices for scale tests (default 0).</summary>
    [Range(0, 5_000_000)] public int SyntheticDevices { get; set; }
}
