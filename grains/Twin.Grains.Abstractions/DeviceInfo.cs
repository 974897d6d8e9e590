using System.Collections.Immutable;

namespace Twin.Grains.Abstractions;

/// <summary>One device of the city's catalog, with the fields of the wire contract.</summary>
[GenerateSerializer, Immutable, Alias("twin.device-info")]
public sealed record DeviceInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] DeviceKind Kind,
    [property: Id(2)] string District,
    [property: Id(3)] string Name,
    [property: Id(4)] GeoPoint Position,
    [property: Id(5)] string DevEui,
    [property: Id(6)] DeviceProfile Profile,
    [property: Id(7)] ImmutableDictionary<string, double> Thresholds)
{
    /// <summary>River segment a gauge belongs to (gauges only).</summary>
    [Id(8)] public string? Segment { get; init; }

    /// <summary>The gateway expected to hear this device.</summary>
    [Id(9)] public string? Gateway { get; init; }

    /// <summary>For child trackers: the catalog's demo consent, which only seeds the consent register on an empty database (the register decides).</summary>
    [Id(10)] public bool Consent { get; init; } = true;

    /// <summary>For child trackers: the elementary school the child attends (a school id).</summary>
    [Id(11)] public string? School { get; init; }

    /// <summary>For bridge joints: the bridge's id; for env sensors: their role (weather, paddy, soil, buoy, people-counter).</summary>
    [Id(12)] public string? Group { get; init; }
}
