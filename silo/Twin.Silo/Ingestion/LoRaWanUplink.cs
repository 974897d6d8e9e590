using System.Text.Json;
using Twin.Grains.Abstractions;

namespace Twin.Silo.Ingestion;

/// <summary>What a LoRaWAN network server says about one uplink, before the payload is decoded.</summary>
public sealed record LoRaWanUplink(
    UplinkFormat Format,
    string DevEui,
    int FPort,
    long FCnt,
    DateTimeOffset? Time,
    byte[]? Payload,
    JsonElement? Decoded,
    RadioInfo? Radio,
    string? NetworkDeviceId = null);
