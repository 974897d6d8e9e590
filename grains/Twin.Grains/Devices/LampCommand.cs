using Twin.Grains.Abstractions;

namespace Twin.Grains.Devices;

/// <summary>A command for a device's on-site equipment (the bridge joints' warning lamps).</summary>
/// <param name="Device">The device commanded.</param>
/// <param name="UplinkTopic">The topic its last uplink came on, so the command goes back the same way (native or a network server).</param>
/// <param name="On">Lamp on or off.</param>
/// <param name="Reason">Why, for the field crew (<c>bridge-gap-limit</c>, <c>normal</c>).</param>
public sealed record LampCommand(DeviceInfo Device, string? UplinkTopic, bool On, string Reason);
