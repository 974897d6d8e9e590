using Twin.Grains.Aggregates;

namespace Twin.Silo.Contracts;

/// <summary>How counts of children leave the twin: a count under five (the cells' k) is shown as null, never as the number.</summary>
public static class ChildCounts
{
    /// <summary>The count, or null when it is under <see cref="DistrictGrain.MinChildrenPerCell"/>.</summary>
    public static int? Shown(int count) => count < DistrictGrain.MinChildrenPerCell ? null : count;
}
