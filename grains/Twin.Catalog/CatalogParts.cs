using System.Collections.Immutable;
using Twin.Grains.Abstractions;

namespace Twin.Catalog;

/// <summary>Everything the base catalog holds, built once from the embedded data.</summary>
internal sealed record CatalogParts(
    ImmutableArray<District> Districts,
    ImmutableArray<Gateway> Gateways,
    ImmutableArray<RiverSegment> Segments,
    ImmutableArray<School> Schools,
    ImmutableArray<Bridge> Bridges,
    ImmutableArray<DeviceInfo> Devices,
    DistrictShapes Shapes,
    ImmutableDictionary<string, ImmutableDictionary<string, double>> SegmentThresholds,
    string CityBoundaryGeoJson,
    string DistrictsGeoJson,
    string RailLinesGeoJson,
    string RailStationsGeoJson);
