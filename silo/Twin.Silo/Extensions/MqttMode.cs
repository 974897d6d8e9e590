namespace Twin.Silo.Extensions;

/// <summary>Where the twin's MQTT comes from (<c>Twin:Mqtt:Mode</c>).</summary>
public enum MqttMode
{
    /// <summary>The silo runs the broker itself (the default).</summary>
    Embedded,

    /// <summary>The silo subscribes to an outside broker shared by several silos.</summary>
    External,
}
