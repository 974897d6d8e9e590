using Twin.Grains.Abstractions.Alarms;

namespace Twin.Silo.Contracts;

/// <summary>A notification the receiver refused for good, kept and listed: where it went, how often, why, and what it said.</summary>
public sealed record ParkedNotificationDto(
    string Id,
    string AlarmId,
    string Source,
    NotificationChannel Channel,
    string Target,
    int Attempts,
    string? LastError,
    AlarmNotificationDto Notification);
