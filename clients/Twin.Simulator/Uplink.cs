using Twin.Grains.Abstractions;

namespace Twin.Simulator;

/// <summary>One message ready to publish: the reading it carries, its wire form, topic and payload.</summary>
/// <param name="Device">The sending device.</param>
/// <param name="Reading">What the device measured.</param>
/// <param name="Format">Native, Tts or ChirpStack.</param>
/// <param name="Topic">The MQTT topic.</param>
/// <param name="Payload">UTF-8 JSON.</param>
/// <param name="Radio">The radio metadata a LoRaWAN uplink carries (gateway, RSSI, SNR); null for native.</param>
public sealed record Uplink(DeviceInfo Device, Reading Reading, UplinkFormat Format, string Topic, byte[] Payload, RadioInfo? Radio);
