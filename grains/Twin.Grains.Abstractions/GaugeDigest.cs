using System.Collections.Immutable;

namespace Twin.Grains.Abstractions;

/// <summary>What a gauge tells its river segment.</summary>
[GenerateSerializer, Immutable, Alias("twin.gauge-digest")]
public sealed record GaugeDigest(
    [property: Id(0)] string Id,
    [property: Id(1)] TwinStatus Status,
    [property: Id(2)] bool Silent,
    [property: Id(3)] double? LevelM,
    [property: Id(4)] double? RiseMPer10Min,
    [property: Id(5)] DateTimeOffset? Ts,
    [property: Id(6)] ImmutableArray<string> Anomalies);
