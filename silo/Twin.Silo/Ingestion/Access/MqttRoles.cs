namespace Twin.Silo.Ingestion.Access;

/// <summary>What an MQTT client is; an account may hold several roles, whose rights add up.</summary>
[Flags]
public enum MqttRoles
{
    /// <summary>No rights.</summary>
    None = 0,

    /// <summary>One device: publishes its own native uplink, subscribes to its own downlink.</summary>
    Device = 1,

    /// <summary>A LoRaWAN network server: the uplink and downlink topics of its applications.</summary>
    NetworkServer = 2,

    /// <summary>Native uplinks of many devices of its kinds (gateways, the simulator, load tests), and their downlinks.</summary>
    Fleet = 4,

    /// <summary>Subscribes to alarms and the dead-letter topic.</summary>
    Observer = 8,

    /// <summary>The silo itself: the only publisher of downlinks, alarms and dead letters.</summary>
    Twin = 16,

    /// <summary>A client without credentials in the lab (<c>Twin:Mqtt:Lab:AnonymousTestTopics</c>): test topics only.</summary>
    LabAnonymous = 32,
}
