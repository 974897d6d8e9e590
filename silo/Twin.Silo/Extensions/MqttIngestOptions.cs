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

    /// <summary>
    /// The secret device passwords are derived from (at least 32 bytes of UTF-8). Give it by environment variable or
    /// <see cref="DeviceKeySecretFile"/>; unset, a single SQLite silo generates one under its data folder.
    /// </summary>
    public string? DeviceKeySecret { get; set; }

    /// <summary>A file holding <see cref="DeviceKeySecret"/> (its first line), e.g. a mounted Kubernetes secret.</summary>
    public string? DeviceKeySecretFile { get; set; }

    /// <summary>The secret before a rotation: device passwords derived from it are still accepted until it is removed.</summary>
    public string? PreviousDeviceKeySecret { get; set; }

    /// <summary>Device ids refused at CONNECT whatever their password (reloaded when the configuration changes).</summary>
    public List<string> RevokedDevices { get; set; } = [];

    /// <summary>Accounts that are not single devices: <c>network-server</c>, <c>fleet</c> and <c>observer</c>.</summary>
    public List<MqttAccountOptions> Accounts { get; set; } = [];

    /// <summary>Largest MQTT packet a client may send, in bytes (default 65,536); a bigger one closes the connection.</summary>
    [Range(1024, 268_435_455)] public int MaxPacketBytes { get; set; } = 65_536;

    /// <summary>Most client connections at once (default 10,000); more are closed as they arrive.</summary>
    [Range(1, 10_000_000)] public int MaxConnections { get; set; } = 10_000;

    /// <summary>Failed CONNECTs one address may make in a minute before its CONNECTs are refused for the rest of it (default 10).</summary>
    [Range(1, 1_000_000)] public int FailedConnectsPerMinute { get; set; } = 10;

    /// <summary>Messages kept for one client while it is away or slow, e.g. downlinks to an offline device (default 1,000; the oldest go first).</summary>
    [Range(1, 1_000_000)] public int MaxQueuedMessagesPerClient { get; set; } = 1000;

    /// <summary>Whether the plain (unencrypted) listener on <see cref="Port"/> is open (default true).</summary>
    public bool AllowPlaintext { get; set; } = true;

    /// <summary>MQTT over TLS.</summary>
    public MqttTlsOptions Tls { get; set; } = new();

    /// <summary>Settings for measuring the broker in a lab; all off by default.</summary>
    public MqttLabOptions Lab { get; set; } = new();
}
