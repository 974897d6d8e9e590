using Twin.Grains.Abstractions;
using Twin.Grains.Abstractions.Alarms;
using Twin.Grains.Alarms;

namespace Twin.Grains.Tests.Alarms;

/// <summary>Who <see cref="AlarmRouter"/> tells of a transition, and when it wakes the alarm again.</summary>
public sealed class AlarmRouterTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 6, 0, 0, TimeSpan.FromHours(9));

    private static AlarmOptions Options() => new()
    {
        WebhookUrl = "http://hooks.example/all",
        Routes =
        [
            new AlarmRoute { Name = "pumps-toyama", Districts = "toyama", Kinds = "snow-pump", MinSeverity = TwinStatus.Warning,
                Webhook = "http://hooks.example/pumps", Email = "pumps@city.example, duty@city.example", EscalateAfterMinutes = 15, EscalateTo = "chief" },
            new AlarmRoute { Name = "rivers", Types = "river-level,river-rapid-rise", Email = "rivers@city.example" },
            new AlarmRoute { Name = "chief", Districts = "none", Email = "chief@city.example" },
        ],
    };

    private static int _ids;
    private static AlarmRouter Router(AlarmOptions? o = null) => new(o ?? Options(), () => $"n-{Interlocked.Increment(ref _ids)}");

    private static Alarm Pump(string district = "toyama", TwinStatus severity = TwinStatus.Alarm) =>
        AlarmLifecycle.Raise("a-1", new AlarmReport("pump-1", "snow-pump", district, "ポンプ 1", [], T0), new AlarmCondition(AlarmTypes.PumpFault, severity), T0);

    [Fact]
    public void ARaiseGoesToTheWebhookTheMatchingRoutesAndMqttAndSetsTheEscalation()
    {
        var entries = Router().For(Pump(), T0);
        Assert.Equal(
            [
                (NotificationChannel.Webhook, "http://hooks.example/all", (string?)null),
                (NotificationChannel.Webhook, "http://hooks.example/pumps", "pumps-toyama"),
                (NotificationChannel.Email, "pumps@city.example", "pumps-toyama"),
                (NotificationChannel.Email, "duty@city.example", "pumps-toyama"),
                (NotificationChannel.Mqtt, "toyama/alarms/toyama/pump-fault/pump-1", null),
                (NotificationChannel.Wake, "route:chief", "pumps-toyama"),
            ],
            entries.Select(e => (e.Channel, e.Target, e.Channel == NotificationChannel.Wake ? "pumps-toyama" : e.Notice.Route)));
        Assert.All(entries.Take(5), e => Assert.Equal(T0, e.DueAt));
        Assert.Equal(T0.AddMinutes(15), entries[^1].DueAt);
        Assert.All(entries, e => Assert.Equal(("a-1", "pump-1"), (e.AlarmId, e.Source)));
        Assert.Equal(entries.Length, entries.Select(e => e.Id).Distinct().Count());
    }

    [Fact]
    public void RoutesFilterByDistrictKindTypeAndSeverity()
    {
        var router = Router();
        Assert.DoesNotContain(router.For(Pump("fuchu"), T0), e => e.Notice.Route == "pumps-toyama");
        Assert.DoesNotContain(router.For(Pump(severity: TwinStatus.Advisory), T0), e => e.Notice.Route == "pumps-toyama");
        var river = AlarmLifecycle.Raise("r-1", new AlarmReport("g-1", "river-gauge", "fuchu", "井田川", [], T0),
            new AlarmCondition(AlarmTypes.RiverLevel, TwinStatus.Warning), T0);
        Assert.Equal(["rivers"], router.For(river, T0).Select(e => e.Notice.Route).OfType<string>().Distinct());
    }

    [Fact]
    public void AnAcknowledgementNotifiesButWakesNothingAndAnEscalatedRouteHearsTheRest()
    {
        var router = Router();
        var escalated = AlarmLifecycle.Escalate(Pump(), "chief", T0.AddMinutes(15))!;
        var told = router.For(escalated, T0.AddMinutes(15));
        Assert.Contains(told, e => e is { Channel: NotificationChannel.Email, Target: "chief@city.example" } && e.Notice.Transition.Action == AlarmAction.Route);
        Assert.DoesNotContain(told, e => e.Channel == NotificationChannel.Wake);

        var acked = AlarmLifecycle.Command(escalated, new AlarmCommand(AlarmAction.Acknowledge, "chief-ito"), T0.AddMinutes(16)).Alarm!;
        var ackTold = router.For(acked, T0.AddMinutes(16));
        Assert.Contains(ackTold, e => e.Target == "chief@city.example" && e.Notice.Transition.By == "chief-ito");
        Assert.DoesNotContain(ackTold, e => e.Channel == NotificationChannel.Wake);
    }

    [Fact]
    public void AShelvingWakesTheAlarmWhenItEnds()
    {
        var until = T0.AddHours(1);
        var shelved = AlarmLifecycle.Command(Pump(), new AlarmCommand(AlarmAction.Shelve, "tanaka", null, until), T0).Alarm!;
        var wake = Assert.Single(Router().For(shelved, T0), e => e.Channel == NotificationChannel.Wake);
        Assert.Equal(($"shelve:{until.UtcTicks}", until), (wake.Target, wake.DueAt));
    }

    [Fact]
    public void AGroupedRaiseOnlyKeepsItsRetainedTopicAndTheGroupTellsEveryone()
    {
        var router = Router();
        var entries = router.For(Pump(), T0, grouped: true);
        Assert.Equal([NotificationChannel.Mqtt, NotificationChannel.Wake], entries.Select(e => e.Channel));
        var group = router.ForGroup(Pump() with { Group = "toyama/pump-fault#1" }, "toyama/pump-fault#1", ["pump-1", "pump-2"], T0.AddSeconds(70));
        Assert.Equal(4, group.Length);
        Assert.All(group, e => Assert.Equal("pump-1 pump-2 in toyama/pump-fault#1", $"{string.Join(' ', e.Notice.Members)} in {e.Notice.GroupId}"));
    }

    [Fact]
    public void NoWebhookNoRoutesNoMqttTellsNoOne() =>
        Assert.Empty(Router(new AlarmOptions { Mqtt = false }).For(Pump(), T0));
}
