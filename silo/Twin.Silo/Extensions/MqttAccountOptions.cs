using System.ComponentModel.DataAnnotations;

namespace Twin.Silo.Extensions;

/// <summary>An MQTT account that is not a single device (<c>Twin:Mqtt:Accounts:{i}</c>).</summary>
public sealed class MqttAccountOptions
{
    /// <summary>The account's user name; it must not be a device id of the catalog.</summary>
    [Required] public string Username { get; set; } = "";

    /// <summary>Its password (by environment variable or a secret store, not in a file in the repository).</summary>
    [Required] public string Password { get; set; } = "";

    /// <summary><c>network-server</c>, <c>fleet</c> or <c>observer</c>; several comma-separated give their rights together.</summary>
    [Required] public string Role { get; set; } = "";

    /// <summary>For a network server: its applications (TTS <c>app</c> or <c>app@tenant</c>, ChirpStack application id), comma-separated, <c>*</c> for all.</summary>
    public string? Applications { get; set; }

    /// <summary>For a fleet: the device kinds it speaks for (comma-separated wire names), <c>*</c> for all.</summary>
    public string? Kinds { get; set; }
}
