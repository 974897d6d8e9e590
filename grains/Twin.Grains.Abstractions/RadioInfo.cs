namespace Twin.Grains.Abstractions;

/// <summary>Radio metadata of the uplink that carried a reading (LoRaWAN), when known.</summary>
[GenerateSerializer, Immutable, Alias("twin.radio-info")]
public sealed record RadioInfo(
    [property: Id(0)] string? Gateway,
    [property: Id(1)] double? Rssi,
    [property: Id(2)] double? Snr);
