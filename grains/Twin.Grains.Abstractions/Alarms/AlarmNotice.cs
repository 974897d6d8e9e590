using System.Collections.Immutable;

namespace Twin.Grains.Abstractions.Alarms;

/// <summary>What one notification says: the alarm as it is after the transition, and the transition.</summary>
/// <param name="Alarm">The alarm after the transition.</param>
/// <param name="Transition">The transition notified.</param>
[GenerateSerializer, Immutable, Alias("twin.alarm-notice")]
public sealed record AlarmNotice(
    [property: Id(0)] Alarm Alarm,
    [property: Id(1)] AlarmTransition Transition)
{
    /// <summary>A group notification: every member's source (the alarm is the latest member).</summary>
    [Id(2)] public ImmutableArray<string> Members { get; init; } = [];

    /// <summary>A group notification: the group's id.</summary>
    [Id(3)] public string? GroupId { get; init; }

    /// <summary>The route this notification is for (null: the one webhook, or MQTT).</summary>
    [Id(4)] public string? Route { get; init; }
}
