namespace Twin.Grains.Abstractions;

/// <summary>A device's health, shown apart from the status ladder.</summary>
[GenerateSerializer, Immutable, Alias("twin.device-health")]
public sealed record DeviceHealth(
    [property: Id(0)] DateTimeOffset? LastSeen,
    [property: Id(1)] int ExpectedIntervalS,
    [property: Id(2)] double? Battery,
    [property: Id(3)] double? Rssi,
    [property: Id(4)] double? Snr,
    [property: Id(5)] string? Gateway,
    [property: Id(6)] bool Silent);
