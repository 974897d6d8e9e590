using System.Collections.Immutable;
using Twin.Grains.Abstractions;

namespace Twin.Silo.Contracts;

/// <summary>Device counts: in all, by status, by kind and status (wire names as keys), and how many are silent.</summary>
public sealed record StatusCountsDto(
    int Total,
    IReadOnlyDictionary<string, int> ByStatus,
    IReadOnlyDictionary<string, ImmutableSortedDictionary<string, int>> ByKind,
    int Silent)
{
    /// <summary>The wire shape of an aggregate's counts.</summary>
    public static StatusCountsDto From(StatusCounts c) => new(c.Total, c.ByStatus, c.ByKind, c.Silent);
}
