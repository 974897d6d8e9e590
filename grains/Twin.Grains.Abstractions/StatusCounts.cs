using System.Collections.Immutable;

namespace Twin.Grains.Abstractions;

/// <summary>Device counts: in all, by status, by kind and status (wire names as keys), and how many are silent.</summary>
[GenerateSerializer, Immutable, Alias("twin.status-counts")]
public sealed record StatusCounts(
    [property: Id(0)] int Total,
    [property: Id(1)] ImmutableSortedDictionary<string, int> ByStatus,
    [property: Id(2)] ImmutableSortedDictionary<string, ImmutableSortedDictionary<string, int>> ByKind,
    [property: Id(3)] int Silent);
