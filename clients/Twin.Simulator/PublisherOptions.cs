namespace Twin.Simulator;

/// <summary>Where and how the publisher connects.</summary>
/// <param name="Host">Broker host.</param>
/// <param name="Port">Broker port.</param>
/// <param name="Qos">0 or 1.</param>
/// <param name="Connections">MQTT connections; a device always uses the same one, so its messages stay in order.</param>
/// <param name="MaxInFlight">QoS 1 publishes awaiting their PUBACK per connection.</param>
/// <param name="Username">Broker user name, if any.</param>
/// <param name="Password">Broker password, if any.</param>
/// <param name="DeviceKeySecret">
/// When set, every device connects on its own (client id and user name its device id, password derived from this
/// secret, <c>Twin.Codecs.DeviceKeys</c>) instead of sharing <paramref name="Connections"/> as an account.
/// </param>
public sealed record PublisherOptions(string Host, int Port, int Qos = 1, int Connections = 1, int MaxInFlight = 256,
    string? Username = null, string? Password = null, string? DeviceKeySecret = null)
{
    /// <summary>Whether each device has a connection of its own.</summary>
    public bool PerDevice => DeviceKeySecret is not null;
}
