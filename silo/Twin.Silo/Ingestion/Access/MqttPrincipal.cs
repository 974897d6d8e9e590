namespace Twin.Silo.Ingestion.Access;

/// <summary>Who an MQTT client is, as authenticated at CONNECT.</summary>
/// <param name="Name">User name (the device id for a device).</param>
/// <param name="Roles">Its roles.</param>
/// <param name="Applications">A network server's applications; null for all.</param>
/// <param name="Kinds">A fleet's device kinds (wire names); null for all.</param>
public sealed record MqttPrincipal(string Name, MqttRoles Roles, IReadOnlySet<string>? Applications = null, IReadOnlySet<string>? Kinds = null)
{
    /// <summary>The silo's own publisher.</summary>
    public static readonly MqttPrincipal TwinItself = new("twin", MqttRoles.Twin);

    /// <summary>A device by its id.</summary>
    public static MqttPrincipal Device(string deviceId) => new(deviceId, MqttRoles.Device);

    /// <summary>Whether it holds <paramref name="role"/>.</summary>
    public bool Is(MqttRoles role) => (Roles & role) != 0;

    /// <summary>Whether a network server may speak for this application (TTS <c>app@tenant</c>, or its <c>app</c> part, or a ChirpStack id).</summary>
    public bool HasApplication(string application)
    {
        if (Applications is null)
        {
            return true;
        }
        if (Applications.Contains(application))
        {
            return true;
        }
        var at = application.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && Applications.Contains(application[..at]);
    }

    /// <summary>Whether a fleet may speak for devices of this kind.</summary>
    public bool HasKind(string kind) => Kinds is null || Kinds.Contains(kind);
}
