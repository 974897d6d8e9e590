namespace Twin.Silo.Contracts;

/// <summary>The notification outbox now: entries not yet sent (due or waiting for a retry) and parked ones.</summary>
public sealed record NotificationStatsDto(long Pending, long Parked);
