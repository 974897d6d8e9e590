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

    [LoggerMessage(EventId = 112, Level = LogLevel.Warning, Message = "MQTT {Stage} refused ({Reason}) for {Client} from {Address}: {Detail} ({Suppressed} more of this reason held back)")]
    public static partial void Refused(ILogger logger, string stage, string reason, string client, string address, string detail, long suppressed);

    [LoggerMessage(EventId = 113, Level = LogLevel.Information, Message = "MQTT device passwords are derived from the device key secret of {Source}{Rotation}")]
    public static partial void DeviceKeySecret(ILogger logger, string source, string rotation);

    [LoggerMessage(EventId = 114, Level = LogLevel.Information, Message = "Embedded MQTT broker listening with TLS on port {Port}")]
    public static partial void TlsStarted(ILogger logger, int port);

    [LoggerMessage(EventId = 115, Level = LogLevel.Warning, Message = "Lab setting Twin:Mqtt:Lab:AnonymousTestTopics is on: clients without credentials may connect from loopback and use test topics")]
    public static partial void LabAnonymous(ILogger logger);

    [LoggerMessage(EventId = 116, Level = LogLevel.Warning, Message = "The consent of child tracker {DeviceId} could not be checked: its reading is refused")]
    public static partial void ConsentCheckFailed(ILogger logger, string deviceId, Exception exception);
}
