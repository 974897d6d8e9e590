using Microsoft.Extensions.Logging;

namespace Twin.Grains.Alarms;

/// <summary>The alarm grains' log lines.</summary>
internal static partial class AlarmLog
{
    [LoggerMessage(EventId = 600, Level = LogLevel.Information, Message = "Alarm {AlarmId} {Type} on {Source}: {From} → {To} ({Action}{By})")]
    public static partial void Transition(ILogger logger, string alarmId, string type, string source, string from, string to, string action, string by);

    [LoggerMessage(EventId = 601, Level = LogLevel.Warning, Message = "Grouping alarm {AlarmId} failed; it notifies alone")]
    public static partial void GroupingFailed(ILogger logger, string alarmId, Exception exception);

    [LoggerMessage(EventId = 602, Level = LogLevel.Warning, Message = "A group's notification for {Group} was not written; retried on the next tick")]
    public static partial void GroupNoticeFailed(ILogger logger, string group, Exception exception);

    [LoggerMessage(EventId = 603, Level = LogLevel.Information, Message = "Group {Group}: {Members} alarms told in one notification")]
    public static partial void GroupTold(ILogger logger, string group, int members);
}
