using System.ComponentModel.DataAnnotations;

namespace Twin.Silo.Extensions;

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
