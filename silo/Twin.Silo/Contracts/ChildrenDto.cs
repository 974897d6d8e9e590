using Twin.Grains.Abstractions;

namespace Twin.Silo.Contracts;

/// <summary>Children with a recorded consent: how many there are, how many report, how many are out and about; a count under five is null.</summary>
public sealed record ChildrenDto(int? Registered, int? Reporting, int? Out)
{
    /// <summary>The wire shape of an aggregate's children summary.</summary>
    public static ChildrenDto From(ChildrenSummary c) => new(ChildCounts.Shown(c.Registered), ChildCounts.Shown(c.Reporting), ChildCounts.Shown(c.Out));
}
