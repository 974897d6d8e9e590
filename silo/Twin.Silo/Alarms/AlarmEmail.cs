using System.Globalization;
using System.Text;
using Twin.Grains.Abstractions;
using Twin.Grains.Abstractions.Alarms;
using Twin.Grains.Alarms;

namespace Twin.Silo.Alarms;

/// <summary>An alarm e-mail's subject and plain-text body: Japanese first, then English, with the alarm's link.</summary>
public sealed record AlarmEmail(string Subject, string Body)
{
    // Japan keeps no daylight saving: the control room's clock is always UTC+9.
    private static readonly TimeSpan Japan = TimeSpan.FromHours(9);

    /// <summary>Writes the e-mail for one notification.</summary>
    public static AlarmEmail Render(AlarmNotice notice, AlarmOptions options)
    {
        ArgumentNullException.ThrowIfNull(notice);
        ArgumentNullException.ThrowIfNull(options);
        var alarm = notice.Alarm;
        var transition = notice.Transition;
        var members = notice.Members.IsDefault ? [] : notice.Members;
        var link = options.AlarmUrl(alarm.Id);
        var at = transition.At.ToOffset(Japan).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " JST";
        var source = alarm.SourceName is { Length: > 0 } name ? $"{name} ({alarm.Source})" : alarm.Source;

        var subjectJa = $"【{SeverityJa(alarm.Severity)}・{ActionJa(transition.Action)}】{alarm.Text.Ja}";
        var subjectEn = $"[{SeverityEn(alarm.Severity)}, {ActionEn(transition.Action)}] {alarm.Text.En}";
        if (members.Length > 1)
        {
            subjectJa += $"（{members.Length}件）";
            subjectEn += $" ({members.Length} sources)";
        }

        var body = new StringBuilder();
        AppendSection(body, notice, Japanese, alarm.Text.Ja, at, source, link);
        body.Append("\n----------------------------------------\n\n");
        AppendSection(body, notice, English, alarm.Text.En, at, source, link);
        return new AlarmEmail($"{subjectJa} / {subjectEn}", body.ToString());
    }

    private static readonly Labels Japanese = new(
        "状態", "重大度", "種別", "発生源", "地区", "日時", "操作者", "コメント", "グループの発生源", "詳細",
        SeverityJa, ActionJa, StateJa, (state, action) => $"{state}（{action}）");

    private static readonly Labels English = new(
        "State", "Severity", "Type", "Source", "District", "Time", "By", "Comment", "Sources in the group", "Details",
        SeverityEn, ActionEn, StateEn, (state, action) => $"{state} ({action})");

    private static void AppendSection(StringBuilder body, AlarmNotice notice, Labels labels, string text, string at, string source, string link)
    {
        var alarm = notice.Alarm;
        var transition = notice.Transition;
        void Line(string label, string value) => body.Append(CultureInfo.InvariantCulture, $"{label}: {value}\n");
        body.Append(CultureInfo.InvariantCulture, $"{text}\n\n");
        Line(labels.State, labels.StateWithAction(labels.StateName(alarm.State), labels.ActionName(transition.Action)));
        Line(labels.Severity, labels.SeverityName(alarm.Severity));
        Line(labels.Type, alarm.Type);
        Line(labels.Source, source);
        Line(labels.District, alarm.District);
        Line(labels.Time, at);
        if (!string.IsNullOrEmpty(transition.By))
        {
            Line(labels.By, transition.By);
        }
        if (!string.IsNullOrEmpty(transition.Comment))
        {
            Line(labels.Comment, transition.Comment);
        }
        if (!notice.Members.IsDefaultOrEmpty)
        {
            Line($"{labels.Members} ({notice.Members.Length})", string.Join(", ", notice.Members));
        }
        Line(labels.Details, link);
    }

    private static string SeverityJa(TwinStatus severity) => severity switch
    {
        TwinStatus.Normal => "正常",
        TwinStatus.Advisory => "注意",
        TwinStatus.Warning => "警戒",
        TwinStatus.Alarm => "警報",
        TwinStatus.Critical => "危険",
        _ => "不明",
    };

    private static string SeverityEn(TwinStatus severity) => severity switch
    {
        TwinStatus.Normal => "normal",
        TwinStatus.Advisory => "advisory",
        TwinStatus.Warning => "warning",
        TwinStatus.Alarm => "alarm",
        TwinStatus.Critical => "critical",
        _ => "unknown",
    };

    private static string ActionJa(AlarmAction action) => action switch
    {
        AlarmAction.Raise => "発生",
        AlarmAction.Escalate => "重大度上昇",
        AlarmAction.Acknowledge => "確認",
        AlarmAction.Shelve => "保留",
        AlarmAction.Unshelve => "保留解除",
        AlarmAction.OutOfService => "除外",
        AlarmAction.InService => "除外解除",
        AlarmAction.Return => "復帰",
        AlarmAction.Route => "エスカレーション",
        _ => action.ToString(),
    };

    private static string ActionEn(AlarmAction action) => action switch
    {
        AlarmAction.Raise => "raised",
        AlarmAction.Escalate => "severity raised",
        AlarmAction.Acknowledge => "acknowledged",
        AlarmAction.Shelve => "shelved",
        AlarmAction.Unshelve => "unshelved",
        AlarmAction.OutOfService => "taken out of service",
        AlarmAction.InService => "back in service",
        AlarmAction.Return => "condition cleared",
        AlarmAction.Route => "escalated",
        _ => action.ToString(),
    };

    private static string StateJa(AlarmState state) => state switch
    {
        AlarmState.Normal => "正常",
        AlarmState.ActiveUnacknowledged => "発生中・未確認",
        AlarmState.ActiveAcknowledged => "発生中・確認済み",
        AlarmState.ReturnedUnacknowledged => "復帰・未確認",
        AlarmState.Shelved => "保留中",
        AlarmState.OutOfService => "除外中",
        _ => state.ToString(),
    };

    private static string StateEn(AlarmState state) => state switch
    {
        AlarmState.Normal => "normal",
        AlarmState.ActiveUnacknowledged => "active, unacknowledged",
        AlarmState.ActiveAcknowledged => "active, acknowledged",
        AlarmState.ReturnedUnacknowledged => "returned, unacknowledged",
        AlarmState.Shelved => "shelved",
        AlarmState.OutOfService => "out of service",
        _ => state.ToString(),
    };

    /// <summary>One language's words for the body.</summary>
    private sealed record Labels(
        string State, string Severity, string Type, string Source, string District, string Time, string By, string Comment,
        string Members, string Details,
        Func<TwinStatus, string> SeverityName, Func<AlarmAction, string> ActionName, Func<AlarmState, string> StateName,
        Func<string, string, string> StateWithAction);
}
