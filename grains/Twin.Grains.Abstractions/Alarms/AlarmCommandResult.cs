namespace Twin.Grains.Abstractions.Alarms;

/// <summary>The alarm after a command, or why the command does not apply (409 on the wire); null alarm and error: no such alarm.</summary>
[GenerateSerializer, Immutable, Alias("twin.alarm-command-result")]
public sealed record AlarmCommandResult(
    [property: Id(0)] Alarm? Alarm,
    [property: Id(1)] string? Error = null);
