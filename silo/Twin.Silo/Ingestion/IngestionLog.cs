namespace Twin.Silo.Ingestion;

internal static partial class IngestionLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Warning, Message = "Rejected uplink ({Reason}) from {DeviceId}: {Detail} ({Suppressed} more of this reason held back)")]
    public static partial void Rejected(ILogger logger, string reason, string deviceId, string detail, long suppressed);

    [LoggerMessage(EventId = 101, Level = LogLevel.Error, Message = "Applying a reading of {DeviceId} failed")]
    public static partial void ApplyFailed(ILogger logger, string deviceId, Exception exception);

    [LoggerMessage(EventId = 102, Level = LogLevel.Error, Message = "Appending a reading of {DeviceId} to the history failed; the message is refused so the sender retries")]
    public static partial void HistoryFailed(ILogger logger, string deviceId, Exception exception);

    [LoggerMessage(EventId = 110, Level = LogLevel.Information, Message = "Embedded MQTT broker listening on port {Port}")]
    public static partial void BrokerStarted(ILogger logger, int port);

    [LoggerMessage(EventId = 111, Level = LogLevel.Error, Message = "Handling a message on {Topic} failed")]
    public static partial void HandlerFailed(ILogger logger, string topic, Exception exception);
}
