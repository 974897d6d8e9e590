using System.Collections.Immutable;

namespace Twin.Grains.Abstractions;

/// <summary>One gauge of a segment, with its level against its warning levels.</summary>
[GenerateSerializer, Immutable, Alias("twin.gauge-level")]
public sealed record GaugeLevel(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] TwinStatus Status,
    [property: Id(3)] bool Silent,
    [property: Id(4)] double? LevelM,
    [property: Id(5)] double? RiseMPer10Min,
    [property: Id(6)] DateTimeOffset? Ts,
    [property: Id(7)] ImmutableDictionary<string, double> Thresholds,
    [property: Id(8)] ImmutableArray<string> Anomalies);
