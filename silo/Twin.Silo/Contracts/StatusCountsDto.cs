using System.Collections.Immutable;
using Twin.Grains.Abstractions;

namespace Twin.Silo.Contracts;

/// <summary>
/// Device counts: in all, by status, by kind and status (wire names as keys), and how many are silent. Child trackers' counts
/// by status under five are null, as every count of children.
/// </summary>
public sealed record StatusCountsDto(
    int Total,
    IReadOnlyDictionary<string, int> ByStatus,
    IReadOnlyDictionary<string, ImmutableSortedDictionary<string, int?>> ByKind,
    int Silent)
{
    private static readonly string ChildKind = DeviceKind.ChildTracker.ToWire();

    /// <summary>The wire shape of an aggregate's counts.</summary>
    public static StatusCountsDto From(StatusCounts c) => new(
        c.Total,
        c.ByStatus,
        c.ByKind.ToImmutableSortedDictionary(
            k => k.Key,
            k => k.Value.ToImmutableSortedDictionary(s => s.Key, s => k.Key == ChildKind ? ChildCounts.Shown(s.Value) : (int?)s.Value)),
        c.Silent);
}
