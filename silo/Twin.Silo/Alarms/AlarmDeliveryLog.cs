using Twin.Grains.Abstractions.Alarms;

namespace Twin.Silo.Alarms;

internal static partial class AlarmDeliveryLog
{
    [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "Alarm notification dispatcher {Owner} started")]
    public static partial void Started(ILogger logger, string owner);

    [LoggerMessage(EventId = 401, Level = LogLevel.Debug, Message = "Sent {Channel} notification {NotificationId} of alarm {AlarmId} to {Target}")]
    public static partial void Sent(ILogger logger, NotificationChannel channel, string notificationId, string alarmId, string target);

    [LoggerMessage(EventId = 402, Level = LogLevel.Warning, Message = "Sending {Channel} notification {NotificationId} of alarm {AlarmId} to {Target} failed (attempt {Attempt}); again in {Delay}: {Error}")]
    public static partial void Failed(ILogger logger, NotificationChannel channel, string notificationId, string alarmId, string target, int attempt, TimeSpan delay, string error);

    [LoggerMessage(EventId = 403, Level = LogLevel.Error, Message = "Parked {Channel} notification {NotificationId} of alarm {AlarmId} to {Target}: the receiver refused it ({Error})")]
    public static partial void Parked(ILogger logger, NotificationChannel channel, string notificationId, string alarmId, string target, string error);

    [LoggerMessage(EventId = 404, Level = LogLevel.Error, Message = "The notification outbox failed; trying again")]
    public static partial void OutboxFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 405, Level = LogLevel.Error, Message = "Recording the outcome of notification {NotificationId} failed; its lease will expire and it will be sent again")]
    public static partial void RecordFailed(ILogger logger, string notificationId, Exception exception);
}
