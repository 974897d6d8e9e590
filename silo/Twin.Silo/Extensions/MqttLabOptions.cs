namespace Twin.Silo.Extensions;

/// <summary>Settings for measuring the broker in a lab (<c>Twin:Mqtt:Lab</c>); never for a deployment.</summary>
public sealed class MqttLabOptions
{
    /// <summary>
    /// Lets clients without credentials connect from the loopback address and use topics outside the twin's own
    /// (anything but <c>toyama/…</c>, LoRaWAN, alarm, dead-letter and <c>$</c> topics), as interoperability suites
    /// expect of a broker (default false).
    /// </summary>
    public bool AnonymousTestTopics { get; set; }
}
