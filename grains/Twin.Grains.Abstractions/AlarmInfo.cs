namespace Twin.Grains.Abstractions;

/// <summary>An alarm as viewers see it (ISA-18.2 states).</summary>
[GenerateSerializer, Immutable, Alias("twin.alarm-info")]
public sealed record AlarmInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string DeviceId,
    [property: Id(2)] DeviceKind Kind,
    [property: Id(3)] string District,
    [property: Id(4)] TwinStatus Severity,
    [property: Id(5)] string State,
    [property: Id(6)] DateTimeOffset RaisedAt,
    [property: Id(7)] string Message);
