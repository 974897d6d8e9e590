using Twin.Grains.Abstractions.Alarms;

namespace Twin.Silo.Alarms;

/// <summary>A wake entry's due time has come: the alarm's source grain escalates it or ends its shelving.</summary>
public sealed class AlarmWakeSender(IGrainFactory grains) : IAlarmNotificationSender
{
    public NotificationChannel Channel => NotificationChannel.Wake;

    public Task SendAsync(OutboxEntry entry, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return grains.GetGrain<IAlarmSourceGrain>(entry.Source).WakeAsync(entry.AlarmId, entry.Target);
    }
}
