using System.Collections.Immutable;
using Twin.Grains.Abstractions;

namespace Twin.Catalog;

/// <summary>One of the seven former municipalities the city groups its twin by.</summary>
/// <param name="Id">The DESIGN.md district id (<c>toyama</c>, <c>osawano</c>, …).</param>
/// <param name="NameJa">Japanese name (富山, 大沢野, …).</param>
/// <param name="NameEn">English name.</param>
/// <param name="Population">Resident registry of 2026-08, summed from the town table.</param>
/// <param name="Centre">Position of the district's admin office (city hall or service centre); the 町字 point, not the building.</param>
/// <param name="Projection">Year → people, 2005–2015 actual and 2020–2065 projected (population_projection.csv).</param>
public sealed record District(
    string Id,
    string NameJa,
    string NameEn,
    int Population,
    GeoPoint Centre,
    ImmutableSortedDictionary<int, int> Projection);
