using System.Collections.Immutable;

namespace Twin.Grains.Abstractions.Alarms;

/// <summary>One occurrence of one cause on one source (ISA-18.2), with every transition it went through.</summary>
/// <param name="Id">Unique and time-ordered.</param>
/// <param name="Type">One of <see cref="AlarmTypes"/>.</param>
/// <param name="Source">The device id, or the gateway id for <see cref="AlarmTypes.GatewayDown"/>.</param>
/// <param name="Kind">The source's kind on the wire (<c>snow-pump</c>), <c>gateway</c> for a gateway.</param>
/// <param name="District">The source's district id.</param>
/// <param name="Severity">On the status ladder, <c>advisory</c> to <c>critical</c>.</param>
/// <param name="State">The ISA-18.2 state.</param>
/// <param name="RaisedAt">When the condition first appeared.</param>
/// <param name="Text">What happened, for people.</param>
[GenerateSerializer, Immutable, Alias("twin.alarm")]
public sealed record Alarm(
    [property: Id(0)] string Id,
    [property: Id(1)] string Type,
    [property: Id(2)] string Source,
    [property: Id(3)] string Kind,
    [property: Id(4)] string District,
    [property: Id(5)] TwinStatus Severity,
    [property: Id(6)] AlarmState State,
    [property: Id(7)] DateTimeOffset RaisedAt,
    [property: Id(8)] AlarmText Text)
{
    /// <summary>When the condition last cleared (null while it is present).</summary>
    [Id(9)] public DateTimeOffset? ClearedAt { get; init; }

    /// <summary>Who acknowledged it (the acting account's name).</summary>
    [Id(10)] public string? AckedBy { get; init; }

    /// <summary>When it was acknowledged.</summary>
    [Id(11)] public DateTimeOffset? AckedAt { get; init; }

    /// <summary>Until when it is shelved.</summary>
    [Id(12)] public DateTimeOffset? ShelvedUntil { get; init; }

    /// <summary>The group it joined (a burst of one type in one district, or a gateway-down alarm's id).</summary>
    [Id(13)] public string? Group { get; init; }

    /// <summary>Every transition, oldest first.</summary>
    [Id(14)] public ImmutableArray<AlarmTransition> Transitions { get; init; } = [];

    /// <summary>Whether the condition is present now (also while shelved or out of service).</summary>
    [Id(15)] public bool Active { get; init; }

    /// <summary>The routes it was escalated to, in order; they are told of its later transitions too.</summary>
    [Id(16)] public ImmutableArray<string> EscalatedTo { get; init; } = [];

    /// <summary>The gateway that last heard the source (device-silent alarms: the gateway-down group's key).</summary>
    [Id(17)] public string? Gateway { get; init; }

    /// <summary>The source's name in the catalog.</summary>
    [Id(18)] public string? SourceName { get; init; }

    /// <summary>The last transition.</summary>
    public AlarmTransition? Last => Transitions.IsDefaultOrEmpty ? null : Transitions[^1];
}
