namespace Twin.Silo.Ingestion.Transport;

internal static partial class TransportLog
{
    [LoggerMessage(EventId = 130, Level = LogLevel.Warning, Message = "Accepting an MQTT connection failed")]
    public static partial void AcceptFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 131, Level = LogLevel.Error, Message = "An MQTT connection failed")]
    public static partial void ConnectionFailed(ILogger logger, Exception exception);
}
