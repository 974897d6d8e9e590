using System.Collections.Immutable;
using Twin.Grains.Abstractions;
using Twin.Grains.Abstractions.Alarms;

namespace Twin.Silo.Contracts;

/// <summary>An alarm on the wire (REST, the hub's <c>alarm</c> message, webhooks): the contract's JSON plus <c>active</c>, <c>escalatedTo</c> and <c>name</c>.</summary>
public sealed record AlarmDto(
    string Id,
    string Type,
    string Source,
    string Kind,
    string District,
    TwinStatus Severity,
    AlarmState State,
    DateTimeOffset RaisedAt,
    DateTimeOffset? ClearedAt,
    string? AckedBy,
    DateTimeOffset? AckedAt,
    DateTimeOffset? ShelvedUntil,
    string? Group,
    AlarmTextDto Text,
    ImmutableArray<AlarmTransitionDto> Transitions,
    bool Active,
    ImmutableArray<string> EscalatedTo,
    string? Name)
{
    /// <summary>The wire shape of an alarm.</summary>
    public static AlarmDto From(Alarm a) => new(
        a.Id, a.Type, a.Source, a.Kind, a.District, a.Severity, a.State, a.RaisedAt, a.ClearedAt, a.AckedBy, a.AckedAt,
        a.ShelvedUntil, a.Group, new AlarmTextDto(a.Text.Ja, a.Text.En), [.. a.Transitions.Select(AlarmTransitionDto.Of)],
        a.Active, a.EscalatedTo.IsDefault ? [] : a.EscalatedTo, a.SourceName);
}
