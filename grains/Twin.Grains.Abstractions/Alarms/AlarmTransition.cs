namespace Twin.Grains.Abstractions.Alarms;

/// <summary>One step of an alarm's life: when, from which state to which, why, who acted and what they said.</summary>
[GenerateSerializer, Immutable, Alias("twin.alarm-transition")]
public sealed record AlarmTransition(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] AlarmState From,
    [property: Id(2)] AlarmState To,
    [property: Id(3)] AlarmAction Action,
    [property: Id(4)] string? By = null,
    [property: Id(5)] string? Comment = null);
