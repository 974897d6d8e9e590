using System.Collections.Immutable;

namespace Twin.Catalog;

/// <summary>A stretch of one river whose gauges, listed upstream to downstream, form one river-segment grain.</summary>
public sealed record RiverSegment(
    string Id,
    string River,
    string NameJa,
    string NameEn,
    string District,
    ImmutableArray<string> GaugeIds);
