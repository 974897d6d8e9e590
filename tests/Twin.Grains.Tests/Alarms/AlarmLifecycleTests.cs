using Twin.Grains.Abstractions;
using Twin.Grains.Abstractions.Alarms;
using Twin.Grains.Alarms;

namespace Twin.Grains.Tests.Alarms;

/// <summary>Every ISA-18.2 transition of <see cref="AlarmLifecycle"/>, on explicit times.</summary>
public sealed class AlarmLifecycleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 6, 0, 0, TimeSpan.FromHours(9));
    private static readonly AlarmReport Pump = new("pump-001", "snow-pump", "toyama", "消雪ポンプ 1", [], T0);
    private static readonly AlarmCondition Fault = new(AlarmTypes.PumpFault, TwinStatus.Alarm);

    private static Alarm Raised() => AlarmLifecycle.Raise("a-1", Pump, Fault, T0);

    private static Alarm Act(Alarm a, AlarmAction action, DateTimeOffset at, string by = "tanaka", DateTimeOffset? until = null)
    {
        var (after, error) = AlarmLifecycle.Command(a, new AlarmCommand(action, by, "because", until), at);
        Assert.Null(error);
        return after!;
    }

    private static string Refused(Alarm a, AlarmAction action, DateTimeOffset at, DateTimeOffset? until = null)
    {
        var (after, error) = AlarmLifecycle.Command(a, new AlarmCommand(action, "tanaka", null, until), at);
        Assert.Null(after);
        return Assert.IsType<string>(error);
    }

    [Fact]
    public void RaiseIsActiveUnacknowledgedWithItsOwnTransition()
    {
        var a = Raised();
        Assert.Equal(AlarmState.ActiveUnacknowledged, a.State);
        Assert.True(a.Active);
        Assert.Equal(T0, a.RaisedAt);
        Assert.Equal(TwinStatus.Alarm, a.Severity);
        Assert.Equal("消雪ポンプ 1：ポンプ故障", a.Text.Ja);
        Assert.Equal("消雪ポンプ 1: pump fault", a.Text.En);
        var t = Assert.Single(a.Transitions);
        Assert.Equal(new AlarmTransition(T0, AlarmState.Normal, AlarmState.ActiveUnacknowledged, AlarmAction.Raise), t);
    }

    [Fact]
    public void AcknowledgeKeepsWhoAndWhenThenClearingEndsIt()
    {
        var acked = Act(Raised(), AlarmAction.Acknowledge, T0.AddMinutes(3));
        Assert.Equal(AlarmState.ActiveAcknowledged, acked.State);
        Assert.Equal("tanaka", acked.AckedBy);
        Assert.Equal(T0.AddMinutes(3), acked.AckedAt);
        Assert.Equal(new AlarmTransition(T0.AddMinutes(3), AlarmState.ActiveUnacknowledged, AlarmState.ActiveAcknowledged,
            AlarmAction.Acknowledge, "tanaka", "because"), acked.Last);

        var over = AlarmLifecycle.Cleared(acked, T0.AddMinutes(9))!;
        Assert.Equal(AlarmState.Normal, over.State);
        Assert.False(over.Active);
        Assert.Equal(T0.AddMinutes(9), over.ClearedAt);
        Assert.Equal(AlarmAction.Return, over.Last!.Action);
    }

    [Fact]
    public void ClearedUnacknowledgedWaitsForAnAcknowledgementThenIsNormal()
    {
        var returned = AlarmLifecycle.Cleared(Raised(), T0.AddMinutes(1))!;
        Assert.Equal(AlarmState.ReturnedUnacknowledged, returned.State);
        Assert.False(returned.Active);
        Assert.Null(AlarmLifecycle.Cleared(returned, T0.AddMinutes(2)));

        var normal = Act(returned, AlarmAction.Acknowledge, T0.AddMinutes(5));
        Assert.Equal(AlarmState.Normal, normal.State);
        Assert.Equal("tanaka", normal.AckedBy);
    }

    [Fact]
    public void BackBeforeTheReturnIsAcknowledgedIsTheSameOccurrenceActiveAgain()
    {
        var returned = AlarmLifecycle.Cleared(Raised(), T0.AddMinutes(1))!;
        var again = AlarmLifecycle.Present(returned, Fault, "消雪ポンプ 1", T0.AddMinutes(2))!;
        Assert.Equal("a-1", again.Id);
        Assert.Equal(AlarmState.ActiveUnacknowledged, again.State);
        Assert.True(again.Active);
        Assert.Null(again.ClearedAt);
        Assert.Equal(AlarmAction.Raise, again.Last!.Action);
        Assert.Null(AlarmLifecycle.Present(again, Fault, "消雪ポンプ 1", T0.AddMinutes(3)));
    }

    [Fact]
    public void ARiverRisingToTheNextLevelIsUnacknowledgedAgainAndNeverFalls()
    {
        var gauge = new AlarmReport("gauge-1", "river-gauge", "toyama", "神通川 1", [], T0);
        var caution = AlarmLifecycle.Raise("r-1", gauge, new AlarmCondition(AlarmTypes.RiverLevel, TwinStatus.Warning, 3.1), T0);
        var acked = Act(caution, AlarmAction.Acknowledge, T0.AddMinutes(1));
        var evacuation = AlarmLifecycle.Present(acked, new AlarmCondition(AlarmTypes.RiverLevel, TwinStatus.Alarm, 3.9), "神通川 1", T0.AddMinutes(20))!;
        Assert.Equal(AlarmState.ActiveUnacknowledged, evacuation.State);
        Assert.Equal(TwinStatus.Alarm, evacuation.Severity);
        Assert.Equal(AlarmAction.Escalate, evacuation.Last!.Action);
        Assert.Contains("避難判断水位", evacuation.Text.Ja, StringComparison.Ordinal);
        Assert.Null(AlarmLifecycle.Present(evacuation, new AlarmCondition(AlarmTypes.RiverLevel, TwinStatus.Warning, 3.2), "神通川 1", T0.AddMinutes(40)));
    }

    [Fact]
    public void ShelvedUntilATimeThenTheTwinUnshelvesIt()
    {
        var until = T0.AddHours(8);
        Assert.Contains("until", Refused(Raised(), AlarmAction.Shelve, T0.AddMinutes(1)), StringComparison.Ordinal);
        Assert.Contains("until", Refused(Raised(), AlarmAction.Shelve, T0.AddMinutes(1), T0), StringComparison.Ordinal);
        Assert.Contains("30 days", Refused(Raised(), AlarmAction.Shelve, T0, T0.AddDays(31)), StringComparison.Ordinal);
        var shelved = Act(Raised(), AlarmAction.Shelve, T0.AddMinutes(1), until: until);
        Assert.Equal(AlarmState.Shelved, shelved.State);
        Assert.Equal(until, shelved.ShelvedUntil);

        Assert.Null(AlarmLifecycle.ShelvingEnds(shelved, until.AddSeconds(-1)));
        var back = AlarmLifecycle.ShelvingEnds(shelved, until)!;
        Assert.Equal(AlarmState.ActiveUnacknowledged, back.State);
        Assert.Null(back.ShelvedUntil);
        Assert.Equal(AlarmLifecycle.System, back.Last!.By);
        Assert.Equal(AlarmAction.Unshelve, back.Last.Action);
    }

    [Fact]
    public void UnshelvedByAPersonAndShelvedAlarmsThatClearAreOver()
    {
        var shelved = Act(Raised(), AlarmAction.Shelve, T0, until: T0.AddHours(1));
        var unshelved = Act(shelved, AlarmAction.Unshelve, T0.AddMinutes(5));
        Assert.Equal(AlarmState.ActiveUnacknowledged, unshelved.State);
        Assert.Contains("shelved", Refused(unshelved, AlarmAction.Unshelve, T0.AddMinutes(6)), StringComparison.Ordinal);

        var over = AlarmLifecycle.Cleared(shelved, T0.AddMinutes(7))!;
        Assert.Equal(AlarmState.Normal, over.State);
        Assert.Null(over.ShelvedUntil);
        Assert.Null(AlarmLifecycle.ShelvingEnds(over, T0.AddHours(2)));
    }

    [Fact]
    public void OutOfServiceSurvivesItsConditionAndReturnsByItsState()
    {
        var oos = Act(Raised(), AlarmAction.OutOfService, T0.AddMinutes(1), by: "sato");
        Assert.Equal(AlarmState.OutOfService, oos.State);
        Assert.Contains("already", Refused(oos, AlarmAction.OutOfService, T0.AddMinutes(2)), StringComparison.Ordinal);
        Assert.Contains("service", Refused(oos, AlarmAction.Shelve, T0.AddMinutes(2), T0.AddHours(1)), StringComparison.Ordinal);
        Assert.Contains("unacknowledged", Refused(oos, AlarmAction.Acknowledge, T0.AddMinutes(2)), StringComparison.Ordinal);

        var stillPresent = Act(oos, AlarmAction.InService, T0.AddMinutes(3), by: "sato");
        Assert.Equal(AlarmState.ActiveUnacknowledged, stillPresent.State);

        var clearedWhileOut = AlarmLifecycle.Cleared(oos, T0.AddMinutes(4))!;
        Assert.Equal(AlarmState.OutOfService, clearedWhileOut.State);
        Assert.False(clearedWhileOut.Active);
        var backToNormal = Act(clearedWhileOut, AlarmAction.InService, T0.AddMinutes(5), by: "sato");
        Assert.Equal(AlarmState.Normal, backToNormal.State);

        var presentAgain = AlarmLifecycle.Present(clearedWhileOut, Fault, "消雪ポンプ 1", T0.AddMinutes(6))!;
        Assert.Equal(AlarmState.OutOfService, presentAgain.State);
        Assert.True(presentAgain.Active);
    }

    [Fact]
    public void NothingIsDoneToAnAlarmThatIsOverOrByNoOne()
    {
        var over = Act(AlarmLifecycle.Cleared(Raised(), T0)!, AlarmAction.Acknowledge, T0.AddMinutes(1));
        foreach (var action in new[] { AlarmAction.Acknowledge, AlarmAction.Shelve, AlarmAction.Unshelve, AlarmAction.OutOfService, AlarmAction.InService })
        {
            Assert.Contains("over", Refused(over, action, T0.AddMinutes(2), T0.AddHours(1)), StringComparison.Ordinal);
        }
        var (after, error) = AlarmLifecycle.Command(Raised(), new AlarmCommand(AlarmAction.Acknowledge, " "), T0);
        Assert.Null(after);
        Assert.Equal("Say who acts.", error);
        Assert.Contains("unacknowledged", Refused(Act(Raised(), AlarmAction.Acknowledge, T0), AlarmAction.Acknowledge, T0), StringComparison.Ordinal);
    }

    [Fact]
    public void EscalationOnlyWhileUnacknowledgedAndOncePerRoute()
    {
        var escalated = AlarmLifecycle.Escalate(Raised(), "on-call-chief", T0.AddMinutes(15))!;
        Assert.Equal(AlarmState.ActiveUnacknowledged, escalated.State);
        Assert.Equal(["on-call-chief"], escalated.EscalatedTo);
        Assert.Equal(AlarmAction.Route, escalated.Last!.Action);
        Assert.Null(AlarmLifecycle.Escalate(escalated, "on-call-chief", T0.AddMinutes(16)));
        Assert.Null(AlarmLifecycle.Escalate(Act(Raised(), AlarmAction.Acknowledge, T0.AddMinutes(1)), "on-call-chief", T0.AddMinutes(15)));
    }

    [Fact]
    public void EveryTransitionIsKeptInOrderWithWhoAndWhy()
    {
        var a = Raised();
        a = Act(a, AlarmAction.Shelve, T0.AddMinutes(1), until: T0.AddHours(1));
        a = Act(a, AlarmAction.Unshelve, T0.AddMinutes(2));
        a = Act(a, AlarmAction.Acknowledge, T0.AddMinutes(3));
        a = AlarmLifecycle.Cleared(a, T0.AddMinutes(4))!;
        Assert.Equal(
            [AlarmAction.Raise, AlarmAction.Shelve, AlarmAction.Unshelve, AlarmAction.Acknowledge, AlarmAction.Return],
            a.Transitions.Select(t => t.Action));
        Assert.Equal([T0, T0.AddMinutes(1), T0.AddMinutes(2), T0.AddMinutes(3), T0.AddMinutes(4)], a.Transitions.Select(t => t.At));
        Assert.All(a.Transitions.Skip(1).SkipLast(1), t => Assert.Equal(("tanaka", "because"), (t.By, t.Comment)));
        Assert.All(a.Transitions.Zip(a.Transitions.Skip(1)), p => Assert.Equal(p.First.To, p.Second.From));
    }
}
