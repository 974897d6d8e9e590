using System.Collections.Immutable;

namespace Twin.Grains.Abstractions;

/// <summary>The live state of one district (former municipality).</summary>
[GenerateSerializer, Immutable, Alias("twin.district-snapshot")]
public sealed record DistrictSnapshot(
    [property: Id(0)] string Id,
    [property: Id(1)] string NameJa,
    [property: Id(2)] string NameEn,
    [property: Id(3)] int Population,
    [property: Id(4)] TwinStatus Status,
    [property: Id(5)] StatusCounts Counts,
    [property: Id(6)] PumpSummary Pumps,
    [property: Id(7)] BridgeSummary Bridges,
    [property: Id(8)] ChildrenSummary Children,
    [property: Id(9)] Weather? Weather,
    [property: Id(10)] ImmutableArray<SegmentSummary> Rivers,
    [property: Id(11)] DateTimeOffset UpdatedAt);
