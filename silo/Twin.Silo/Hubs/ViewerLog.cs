namespace Twin.Silo.Hubs;

internal static partial class ViewerLog
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Warning, Message = "Renewing the viewer registration failed; retrying")]
    public static partial void RenewFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 201, Level = LogLevel.Warning, Message = "Sending to viewers failed or timed out")]
    public static partial void SendFailed(ILogger logger, Exception exception);
}
