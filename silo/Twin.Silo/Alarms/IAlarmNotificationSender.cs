using Twin.Grains.Abstractions.Alarms;

namespace Twin.Silo.Alarms;

/// <summary>Sends one outbox entry on one channel; throws to have it retried, or <see cref="NotificationRefusedException"/> to park it.</summary>
public interface IAlarmNotificationSender
{
    /// <summary>The channel this sender serves.</summary>
    NotificationChannel Channel { get; }

    /// <summary>Sends the entry; completes once the receiver has taken it.</summary>
    Task SendAsync(OutboxEntry entry, CancellationToken ct);
}
