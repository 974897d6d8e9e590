namespace Twin.Grains.Abstractions;

/// <summary>A device's status as its district knows it, for lists and map markers.</summary>
[GenerateSerializer, Immutable, Alias("twin.device-status")]
public sealed record DeviceStatusEntry(
    [property: Id(0)] string Id,
    [property: Id(1)] TwinStatus Status,
    [property: Id(2)] bool Silent);
