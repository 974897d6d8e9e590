using System.Collections.Immutable;

namespace Twin.Grains.Abstractions.Alarms;

/// <summary>What a source's rules see now: every present condition (an empty list clears them all).</summary>
/// <param name="Source">The device (or gateway) id.</param>
/// <param name="Kind">The source's kind on the wire.</param>
/// <param name="District">The source's district id.</param>
/// <param name="Name">The source's name.</param>
/// <param name="Conditions">Every condition present, at most one per type.</param>
/// <param name="At">The rules' time.</param>
/// <param name="Gateway">The gateway that last heard the source.</param>
[GenerateSerializer, Immutable, Alias("twin.alarm-report")]
public sealed record AlarmReport(
    [property: Id(0)] string Source,
    [property: Id(1)] string Kind,
    [property: Id(2)] string District,
    [property: Id(3)] string Name,
    [property: Id(4)] ImmutableArray<AlarmCondition> Conditions,
    [property: Id(5)] DateTimeOffset At,
    [property: Id(6)] string? Gateway = null)
{
    /// <summary>A group's source (a gateway): its members' sources, told with its raise.</summary>
    [Id(7)] public ImmutableArray<string> Members { get; init; } = [];

    /// <summary>A group's source: the group id its alarm carries.</summary>
    [Id(8)] public string? Group { get; init; }
}
