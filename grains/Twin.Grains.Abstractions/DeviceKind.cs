namespace Twin.Grains.Abstractions;

/// <summary>The kinds of device on the city's LoRaWAN network; wire names are kebab-case (`river-gauge`).</summary>
public enum DeviceKind
{
    RiverGauge,
    SnowPump,
    BridgeJoint,
    ChildTracker,
    EnvSensor,
}
