namespace Twin.Grains.Abstractions.Alarms;

/// <summary>One notification waiting in the durable outbox.</summary>
/// <param name="Id">The notification id, sent as <c>Idempotency-Key</c> on every attempt.</param>
/// <param name="AlarmId">The alarm it is about: entries of one alarm and one target go out in the order they were written.</param>
/// <param name="Source">The alarm's source (its grain's key, for <see cref="NotificationChannel.Wake"/>).</param>
/// <param name="Channel">How it goes.</param>
/// <param name="Target">A URL, an e-mail address, an MQTT topic, or for a wake what to do.</param>
/// <param name="DueAt">Not before this time.</param>
/// <param name="Notice">What it says.</param>
[GenerateSerializer, Immutable, Alias("twin.outbox-entry")]
public sealed record OutboxEntry(
    [property: Id(0)] string Id,
    [property: Id(1)] string AlarmId,
    [property: Id(2)] string Source,
    [property: Id(3)] NotificationChannel Channel,
    [property: Id(4)] string Target,
    [property: Id(5)] DateTimeOffset DueAt,
    [property: Id(6)] AlarmNotice Notice)
{
    /// <summary>Attempts made so far.</summary>
    [Id(7)] public int Attempts { get; init; }

    /// <summary>Why the last attempt failed.</summary>
    [Id(8)] public string? LastError { get; init; }
}
