using System.Collections.Immutable;
using System.Globalization;
using Twin.Grains.Abstractions;
using Twin.Grains.Abstractions.Alarms;

namespace Twin.Storage.Tests.Alarms;

/// <summary>Alarms and outbox entries for the store tests, and exact descriptions of them to compare.</summary>
internal static class AlarmSamples
{
    /// <summary>Toyama's offset: stored times must come back with it.</summary>
    public static readonly TimeSpan Jst = TimeSpan.FromHours(9);

    /// <summary>The outbox tests' clock starts here (whole seconds: an entry's due time is kept to the microsecond).</summary>
    public static readonly DateTimeOffset Start = new(2026, 1, 20, 6, 0, 0, Jst);

    /// <summary>A time with sub-microsecond ticks (kept exactly in the alarm's JSON).</summary>
    public static readonly DateTimeOffset T0 = Start.AddTicks(1_234_567);

    /// <summary>A raised, unacknowledged alarm with only what every alarm has.</summary>
    public static Alarm Raised(string id, string source, string district = "chuo", string type = AlarmTypes.PumpFault,
        TwinStatus severity = TwinStatus.Alarm, AlarmState state = AlarmState.ActiveUnacknowledged, DateTimeOffset? raisedAt = null)
    {
        var at = raisedAt ?? T0;
        return new Alarm(id, type, source, "snow-pump", district, severity, state, at, new AlarmText("ポンプ故障", "Pump fault"))
        {
            Active = state != AlarmState.Normal,
            Transitions = [new AlarmTransition(at, AlarmState.Normal, AlarmState.ActiveUnacknowledged, AlarmAction.Raise)],
        };
    }

    /// <summary>An alarm with every optional field set, several offsets and a transition with and one without a person.</summary>
    public static Alarm Full(string id, string source) => Raised(id, source) with
    {
        State = AlarmState.Shelved,
        ClearedAt = T0.AddMinutes(5).ToOffset(TimeSpan.Zero),
        AckedBy = "operator-山田",
        AckedAt = T0.AddMinutes(3).AddTicks(1),
        ShelvedUntil = T0.AddHours(2).ToOffset(TimeSpan.FromHours(-5)),
        Group = "chuo/pump-fault/1",
        Transitions =
        [
            new AlarmTransition(T0, AlarmState.Normal, AlarmState.ActiveUnacknowledged, AlarmAction.Raise),
            new AlarmTransition(T0.AddMinutes(3).AddTicks(1), AlarmState.ActiveUnacknowledged, AlarmState.ActiveAcknowledged,
                AlarmAction.Acknowledge, "operator-山田", "見に行きます \"now\""),
            new AlarmTransition(T0.AddMinutes(4), AlarmState.ActiveAcknowledged, AlarmState.Shelved, AlarmAction.Shelve, "manager", ""),
        ],
        Active = true,
        EscalatedTo = ["duty", "chief"],
        Gateway = "gw-7",
        SourceName = "中央通り消雪ポンプ",
    };

    /// <summary>An outbox entry about <paramref name="alarm"/>'s last transition.</summary>
    public static OutboxEntry Entry(string id, Alarm alarm, NotificationChannel channel = NotificationChannel.Webhook,
        string target = "https://hooks.example/a", DateTimeOffset? dueAt = null) =>
        new(id, alarm.Id, alarm.Source, channel, target, dueAt ?? Start, new AlarmNotice(alarm, alarm.Last!));

    /// <summary>Every field of an alarm, times with their offset and every tick, null apart from empty.</summary>
    public static string Describe(Alarm? a) => a is null ? "(none)" : string.Join(" | ",
    [
        a.Id, a.Type, a.Source, a.Kind, a.District, a.Severity.ToString(), a.State.ToString(), Time(a.RaisedAt), a.Text.Ja, a.Text.En,
        Time(a.ClearedAt), Text(a.AckedBy), Time(a.AckedAt), Time(a.ShelvedUntil), Text(a.Group),
        $"[{string.Join("; ", a.Transitions.Select(Describe))}]",
        a.Active.ToString(), $"[{string.Join(", ", a.EscalatedTo)}]", Text(a.Gateway), Text(a.SourceName),
    ]);

    /// <summary>Every field of an entry, its notice included.</summary>
    public static string Describe(OutboxEntry e) => string.Join(" | ",
    [
        e.Id, e.AlarmId, e.Source, e.Channel.ToString(), e.Target, e.DueAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        e.Attempts.ToString(CultureInfo.InvariantCulture), Text(e.LastError),
        Describe(e.Notice.Alarm), Describe(e.Notice.Transition), $"[{string.Join(", ", e.Notice.Members)}]", Text(e.Notice.GroupId), Text(e.Notice.Route),
    ]);

    private static string Describe(AlarmTransition t) => $"{Time(t.At)} {t.From}->{t.To} {t.Action} {Text(t.By)} {Text(t.Comment)}";

    private static string Time(DateTimeOffset? time) => time?.ToString("O", CultureInfo.InvariantCulture) ?? "null";

    private static string Text(string? text) => text is null ? "null" : $"'{text}'";

    /// <summary>The ids of entries, in order.</summary>
    public static ImmutableArray<string> Ids(IEnumerable<OutboxEntry> entries) => [.. entries.Select(e => e.Id)];
}
