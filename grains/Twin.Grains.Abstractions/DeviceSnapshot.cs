using System.Collections.Immutable;

namespace Twin.Grains.Abstractions;

/// <summary>The full live state of one device, as the REST API and the hub show it.</summary>
[GenerateSerializer, Immutable, Alias("twin.device-snapshot")]
public sealed record DeviceSnapshot(
    [property: Id(0)] DeviceInfo Info,
    [property: Id(1)] TwinStatus Status,
    [property: Id(2)] DeviceHealth Health,
    [property: Id(3)] Reading? Reading,
    [property: Id(4)] ImmutableArray<string> Anomalies,
    [property: Id(5)] ImmutableDictionary<string, double> Derived);
