namespace Twin.Silo.Ingestion;

internal static partial class ExternalLog
{
    [LoggerMessage(EventId = 120, Level = LogLevel.Information, Message = "Connected to the MQTT broker {Host}:{Port} as {ClientId} (session present: {SessionPresent})")]
    public static partial void Connected(ILogger logger, string host, int port, string clientId, bool sessionPresent);

    [LoggerMessage(EventId = 121, Level = LogLevel.Warning, Message = "Connecting to the MQTT broker {Host}:{Port} failed; retrying in {Backoff}")]
    public static partial void ConnectFailed(ILogger logger, string host, int port, TimeSpan backoff, Exception exception);
}
