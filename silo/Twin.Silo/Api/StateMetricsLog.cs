namespace Twin.Silo.Api;

internal static partial class StateMetricsLog
{
    [LoggerMessage(EventId = 500, Level = LogLevel.Warning, Message = "State metrics: reading the city grain failed; the figures keep their last values and are read again in {Every}")]
    public static partial void ReadFailed(ILogger logger, TimeSpan every, Exception exception);
}
