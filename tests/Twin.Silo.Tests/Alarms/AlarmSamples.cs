using Twin.Grains.Abstractions;
using Twin.Grains.Abstractions.Alarms;

namespace Twin.Silo.Tests.Alarms;

/// <summary>Alarms and outbox entries for the delivery tests (identifiers invented).</summary>
internal static class AlarmSamples
{
    public static readonly DateTimeOffset Start = new(2026, 12, 1, 6, 0, 0, TimeSpan.Zero);

    /// <summary>A snow pump's fault lamp, raised at <see cref="Start"/>, in the state given (one transition per call).</summary>
    public static Alarm PumpFault(string id = "01JALARM0001", string source = "pump-0042", AlarmState state = AlarmState.ActiveUnacknowledged,
        string district = "chuo", TwinStatus severity = TwinStatus.Alarm) =>
        new(id, AlarmTypes.PumpFault, source, "snow-pump", district, severity, state, Start,
            new AlarmText("消雪ポンプ 故障ランプ点灯", "Snow pump fault lamp on"))
        {
            Active = state != AlarmState.Normal,
            SourceName = "総曲輪 消雪ポンプ 3号",
            Transitions = [new AlarmTransition(Start, AlarmState.Normal, AlarmState.ActiveUnacknowledged, AlarmAction.Raise)],
        };

    /// <summary>A transition of an alarm to <paramref name="to"/> by an action.</summary>
    public static AlarmNotice Notice(Alarm alarm, AlarmAction action, AlarmState to, DateTimeOffset at, string? by = null, string? comment = null)
    {
        var transition = new AlarmTransition(at, alarm.State, to, action, by, comment);
        var after = alarm with
        {
            State = to,
            Active = to != AlarmState.Normal,
            Transitions = alarm.Transitions.Add(transition),
        };
        return new AlarmNotice(after, transition);
    }

    /// <summary>An outbox entry due at once.</summary>
    public static OutboxEntry Entry(string id, AlarmNotice notice, NotificationChannel channel, string target, DateTimeOffset? dueAt = null) =>
        new(id, notice.Alarm.Id, notice.Alarm.Source, channel, target, dueAt ?? notice.Transition.At, notice);

    /// <summary>The raise of <paramref name="alarm"/> as the first notice.</summary>
    public static AlarmNotice Raised(Alarm alarm) => new(alarm, alarm.Transitions[^1]);
}
