using System.Collections.Immutable;

namespace Twin.Grains.Abstractions;

/// <summary>The state of one stretch of river: its gauges upstream to downstream, the worst level and fastest rise.</summary>
[GenerateSerializer, Immutable, Alias("twin.segment-summary")]
public sealed record SegmentSummary(
    [property: Id(0)] string Id,
    [property: Id(1)] string River,
    [property: Id(2)] string NameJa,
    [property: Id(3)] string NameEn,
    [property: Id(4)] string District,
    [property: Id(5)] TwinStatus Status,
    [property: Id(6)] ImmutableArray<GaugeLevel> Gauges,
    [property: Id(7)] string? HighestGauge,
    [property: Id(8)] double? HighestDangerRatio,
    [property: Id(9)] string? FastestGauge,
    [property: Id(10)] double? FastestRiseMPer10Min,
    [property: Id(11)] ImmutableArray<string> Anomalies);
