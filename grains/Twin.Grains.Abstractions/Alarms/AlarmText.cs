namespace Twin.Grains.Abstractions.Alarms;

/// <summary>An alarm's text for people, Japanese and English.</summary>
[GenerateSerializer, Immutable, Alias("twin.alarm-text")]
public sealed record AlarmText(
    [property: Id(0)] string Ja,
    [property: Id(1)] string En);
