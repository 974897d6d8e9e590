using Microsoft.Extensions.Logging;

namespace Twin.Grains.Devices;

/// <summary>The device grains' log messages.</summary>
internal static partial class DeviceLog
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Warning, Message = "Sending the lamp command to {DeviceId} failed; it is retried")]
    public static partial void DownlinkFailed(ILogger logger, string deviceId, Exception exception);

    [LoggerMessage(EventId = 301, Level = LogLevel.Warning, Message = "Telling the alarms of {DeviceId} failed; told again on its next reading or check")]
    public static partial void AlarmReportFailed(ILogger logger, string deviceId, Exception exception);

    [LoggerMessage(EventId = 302, Level = LogLevel.Information, Message = "Child tracker {DeviceId}: consent withdrawn, its live reading and snapshot forgotten")]
    public static partial void ConsentWithdrawn(ILogger logger, string deviceId);
}
