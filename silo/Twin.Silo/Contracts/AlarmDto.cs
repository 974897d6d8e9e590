using Twin.Grains.Abstractions;

namespace Twin.Silo.Contracts;

/// <summary>An alarm as viewers see it (the hub's <c>alarm</c> message); <c>state</c> is an ISA-18.2 state.</summary>
public sealed record AlarmDto(
    string Id,
    string DeviceId,
    DeviceKind Kind,
    string District,
    TwinStatus Severity,
    string State,
    DateTimeOffset RaisedAt,
    string Message)
{
    /// <summary>The wire shape of an alarm pushed by a grain.</summary>
    public static AlarmDto From(AlarmInfo a) => new(a.Id, a.DeviceId, a.Kind, a.District, a.Severity, a.State, a.RaisedAt, a.Message);
}
