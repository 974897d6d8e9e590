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

/// <summary>Device counts: in all, by status, by kind and status (wire names as keys), and how many are silent.</summary>
[GenerateSerializer, Immutable, Alias("twin.status-counts")]
public sealed record StatusCounts(
    [property: Id(0)] int Total,
    [property: Id(1)] ImmutableSortedDictionary<string, int> ByStatus,
    [property: Id(2)] ImmutableSortedDictionary<string, ImmutableSortedDictionary<string, int>> ByKind,
    [property: Id(3)] int Silent);

/// <summary>Snow pump availability in an area.</summary>
[GenerateSerializer, Immutable, Alias("twin.pump-summary")]
public sealed record PumpSummary(
    [property: Id(0)] int Total,
    [property: Id(1)] int Reporting,
    [property: Id(2)] int Running,
    [property: Id(3)] int Available,
    [property: Id(4)] int Faults,
    [property: Id(5)] int LowWater,
    [property: Id(6)] int Silent);

/// <summary>Bridge joints in an area.</summary>
[GenerateSerializer, Immutable, Alias("twin.bridge-summary")]
public sealed record BridgeSummary(
    [property: Id(0)] int Joints,
    [property: Id(1)] int Alarms,
    [property: Id(2)] TwinStatus Worst);

/// <summary>How many children with a recorded consent there are, how many report, how many are out and about.</summary>
[GenerateSerializer, Immutable, Alias("twin.children-summary")]
public sealed record ChildrenSummary(
    [property: Id(0)] int Registered,
    [property: Id(1)] int Reporting,
    [property: Id(2)] int Out);

/// <summary>Children counted in one 250 m cell (cells with fewer than five are never shown).</summary>
[GenerateSerializer, Immutable, Alias("twin.cell-count")]
public sealed record CellCount(
    [property: Id(0)] string Cell,
    [property: Id(1)] double Lat,
    [property: Id(2)] double Lon,
    [property: Id(3)] int Count);

/// <summary>A device's status as its district knows it, for lists and map markers.</summary>
[GenerateSerializer, Immutable, Alias("twin.device-status")]
public sealed record DeviceStatusEntry(
    [property: Id(0)] string Id,
    [property: Id(1)] TwinStatus Status,
    [property: Id(2)] bool Silent);

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

/// <summary>The live state of the whole city.</summary>
[GenerateSerializer, Immutable, Alias("twin.city-snapshot")]
public sealed record CitySnapshot(
    [property: Id(0)] string Id,
    [property: Id(1)] string NameJa,
    [property: Id(2)] string NameEn,
    [property: Id(3)] int Population,
    [property: Id(4)] TwinStatus Status,
    [property: Id(5)] StatusCounts Counts,
    [property: Id(6)] PumpSummary Pumps,
    [property: Id(7)] BridgeSummary Bridges,
    [property: Id(8)] ChildrenSummary Children,
    [property: Id(9)] ImmutableArray<DistrictSnapshot> Districts,
    [property: Id(10)] DateTimeOffset UpdatedAt);
