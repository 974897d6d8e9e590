using Twin.Catalog;
using Twin.Grains.Abstractions;
using Twin.Grains.Abstractions.Alarms;
using Twin.Grains.Alarms;

namespace Twin.Grains.Tests.Alarms;

/// <summary>Alarms raised by the device grains' rules and moved through their lifecycle, on a real cluster with a fake clock.</summary>
[Collection(ClusterCollection.Name)]
public sealed class AlarmGrainTests(ClusterFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private TwinCatalog Catalog => fixture.Catalog;

    private DeviceInfo Pump(string district, int n) => Catalog.Devices.Where(d => d.Kind == DeviceKind.SnowPump && d.District == district).Skip(n).First();

    private async Task<Alarm> OpenAsync(string source, string type) =>
        await Eventually.MatchAsync(async () => (await fixture.Alarms.ReadOpenAsync(source, Ct)).SingleOrDefault(a => a.Type == type), a => a is not null) ?? throw new InvalidOperationException();

    /// <summary>Every outbox entry drained so far (the tests share one cluster and one outbox).</summary>
    private static readonly List<OutboxEntry> Drained = [];

    /// <summary>Drains the outbox as the dispatcher would (claim, mark sent, until empty) and returns what matched so far.</summary>
    private async Task<List<OutboxEntry>> OutboxAsync(Func<OutboxEntry, bool> where)
    {
        var far = fixture.Clock.GetUtcNow().AddDays(365);
        while (await fixture.Alarms.ClaimDueAsync("test", far, TimeSpan.FromSeconds(1), 100_000, Ct) is { Count: > 0 } batch)
        {
            foreach (var e in batch)
            {
                await fixture.Alarms.MarkSentAsync(e.Id, far, Ct);
            }
            lock (Drained)
            {
                Drained.AddRange(batch);
            }
        }
        lock (Drained)
        {
            return [.. Drained.Where(where)];
        }
    }

    private Task<List<OutboxEntry>> OutboxAsync(string alarmId) => OutboxAsync(e => e.AlarmId == alarmId);

    [Fact]
    public async Task APumpFaultRaisesAnAlarmThatIsAcknowledgedAndNormalWhenThePumpRunsAgain()
    {
        var pump = Pump("toyama", 40);
        var grain = fixture.Grains.GetGrain<ISnowPumpGrain>(pump.Id);
        var t0 = fixture.Clock.GetUtcNow();
        await grain.ApplyAsync(Readings.Pump(t0, 1, PumpStates.PumpFault));

        var alarm = await OpenAsync(pump.Id, AlarmTypes.PumpFault);
        Assert.Equal((AlarmState.ActiveUnacknowledged, TwinStatus.Alarm, "snow-pump", "toyama", t0), (alarm.State, alarm.Severity, alarm.Kind, alarm.District, alarm.RaisedAt));
        Assert.Equal($"{pump.Name}：ポンプ故障", alarm.Text.Ja);
        var raised = await OutboxAsync(alarm.Id);
        Assert.Contains(raised, e => e is { Channel: NotificationChannel.Webhook, Target: "http://hooks.test/all" });
        Assert.Contains(raised, e => e is { Channel: NotificationChannel.Webhook, Target: "http://hooks.test/pumps" } && e.Notice.Route == "toyama-pumps");
        Assert.Contains(raised, e => e is { Channel: NotificationChannel.Mqtt } && e.Target == $"toyama/alarms/toyama/pump-fault/{pump.Id}");

        var source = fixture.Grains.GetGrain<IAlarmSourceGrain>(pump.Id);
        var acked = await source.CommandAsync(alarm.Id, new AlarmCommand(AlarmAction.Acknowledge, "yamada", "crew sent"));
        Assert.Null(acked.Error);
        Assert.Equal((AlarmState.ActiveAcknowledged, "yamada"), (acked.Alarm!.State, acked.Alarm.AckedBy));
        Assert.Contains(await OutboxAsync(alarm.Id), e => e.Channel == NotificationChannel.Webhook && e.Notice.Transition.By == "yamada");
        var again = await source.CommandAsync(alarm.Id, new AlarmCommand(AlarmAction.Acknowledge, "yamada"));
        Assert.NotNull(again.Error);

        await grain.ApplyAsync(Readings.Pump(t0.AddMinutes(1), 2, PumpStates.Running, 0.3));
        var over = await Eventually.MatchAsync(() => fixture.Alarms.GetAsync(alarm.Id, Ct), a => a!.State == AlarmState.Normal);
        Assert.Equal(
            [AlarmAction.Raise, AlarmAction.Acknowledge, AlarmAction.Return],
            over!.Transitions.Select(t => t.Action));
        Assert.Empty(await fixture.Alarms.ReadOpenAsync(pump.Id, Ct));
        Assert.Contains(await OutboxAsync(alarm.Id), e => e.Channel == NotificationChannel.Mqtt && e.Notice.Alarm.State == AlarmState.Normal);
    }

    [Fact]
    public async Task EachLampIsItsOwnAlarmAndAFaultAfterTheLastEndedIsANewOccurrence()
    {
        var pump = Pump("toyama", 41);
        var grain = fixture.Grains.GetGrain<ISnowPumpGrain>(pump.Id);
        var t0 = fixture.Clock.GetUtcNow();
        await grain.ApplyAsync(Readings.Pump(t0, 1, PumpStates.InverterFault));
        var first = await OpenAsync(pump.Id, AlarmTypes.PumpInverterFault);
        await grain.ApplyAsync(Readings.Pump(t0.AddSeconds(1), 2, PumpStates.LowWater));
        var low = await OpenAsync(pump.Id, AlarmTypes.PumpLowWater);
        Assert.Equal(TwinStatus.Warning, low.Severity);
        Assert.Equal(AlarmState.ReturnedUnacknowledged, (await fixture.Alarms.GetAsync(first.Id, Ct))!.State);

        await grain.ApplyAsync(Readings.Pump(t0.AddSeconds(2), 3, PumpStates.InverterFault));
        // Back before anyone acknowledged its return: the same occurrence, active again.
        var back = await Eventually.MatchAsync(() => fixture.Alarms.GetAsync(first.Id, Ct), a => a!.State == AlarmState.ActiveUnacknowledged);
        Assert.Equal(first.Id, back!.Id);
        await fixture.Grains.GetGrain<IAlarmSourceGrain>(pump.Id).CommandAsync(first.Id, new AlarmCommand(AlarmAction.Acknowledge, "yamada"));
        await grain.ApplyAsync(Readings.Pump(t0.AddSeconds(3), 4, PumpStates.Running, 0.3));
        await Eventually.MatchAsync(() => fixture.Alarms.ReadOpenAsync(pump.Id, Ct), open => open.All(a => a.State == AlarmState.ReturnedUnacknowledged));

        await grain.ApplyAsync(Readings.Pump(t0.AddSeconds(4), 5, PumpStates.InverterFault));
        var second = await OpenAsync(pump.Id, AlarmTypes.PumpInverterFault);
        Assert.NotEqual(first.Id, second.Id);
    }

    [Fact]
    public async Task AnAlarmUnacknowledgedPastItsRouteEscalatesWhenItsWakeComes()
    {
        var pump = Pump("toyama", 42);
        var t0 = fixture.Clock.GetUtcNow();
        await fixture.Grains.GetGrain<ISnowPumpGrain>(pump.Id).ApplyAsync(Readings.Pump(t0, 1, PumpStates.PumpFault));
        var alarm = await OpenAsync(pump.Id, AlarmTypes.PumpFault);
        var wake = Assert.Single(await fixture.Alarms.ClaimDueAsync("test", t0.AddMinutes(16), TimeSpan.FromMinutes(1), 100_000, Ct),
            e => e.AlarmId == alarm.Id && e.Channel == NotificationChannel.Wake);
        Assert.Equal((AlarmRouter.RouteWake + "chief", t0.AddMinutes(15)), (wake.Target, wake.DueAt));

        // What the dispatcher does when the wake is due.
        await fixture.Grains.GetGrain<IAlarmSourceGrain>(pump.Id).WakeAsync(alarm.Id, wake.Target);
        var escalated = await fixture.Alarms.GetAsync(alarm.Id, Ct);
        Assert.Equal(["chief"], escalated!.EscalatedTo);
        Assert.Equal(AlarmAction.Route, escalated.Last!.Action);
        Assert.Contains(await OutboxAsync(alarm.Id), e => e is { Channel: NotificationChannel.Email, Target: "chief@city.test" } && e.Notice.Transition.Action == AlarmAction.Route);

        // Acknowledged meanwhile: a wake finds nothing to do.
        var other = Pump("toyama", 43);
        await fixture.Grains.GetGrain<ISnowPumpGrain>(other.Id).ApplyAsync(Readings.Pump(t0, 1, PumpStates.PumpFault));
        var acked = await OpenAsync(other.Id, AlarmTypes.PumpFault);
        await fixture.Grains.GetGrain<IAlarmSourceGrain>(other.Id).CommandAsync(acked.Id, new AlarmCommand(AlarmAction.Acknowledge, "yamada"));
        await fixture.Grains.GetGrain<IAlarmSourceGrain>(other.Id).WakeAsync(acked.Id, AlarmRouter.RouteWake + "chief");
        Assert.Empty((await fixture.Alarms.GetAsync(acked.Id, Ct))!.EscalatedTo);
    }

    [Fact]
    public async Task ASnowStormsBurstOfPumpFaultsNotifiesTheFirstTenAloneAndTheRestInOneGroupNotification()
    {
        // The last pumps of a district: no other test of the shared cluster touches them.
        // A district whose pump counts no other test asserts exactly (fuchu's and toyama's are).
        var district = Catalog.Devices.Where(d => d.Kind == DeviceKind.SnowPump && d.District is not ("fuchu" or "toyama"))
            .GroupBy(d => d.District).OrderByDescending(g => g.Count()).First().Key;
        var group = $"{district}/pump-fault#1";
        var pumps = Catalog.Devices.Where(d => d.Kind == DeviceKind.SnowPump && d.District == district).Reverse().Take(15).ToList();
        Assert.True(pumps.Count >= 12, $"{district} has {pumps.Count} pumps");
        // A window after any other test's pump faults in the shared cluster: this burst counts alone.
        fixture.Clock.Advance(AlarmBurst.Window + TimeSpan.FromSeconds(1));
        var t0 = fixture.Clock.GetUtcNow();
        foreach (var p in pumps)
        {
            await fixture.Grains.GetGrain<ISnowPumpGrain>(p.Id).ApplyAsync(Readings.Pump(t0, 1, PumpStates.PumpFault));
        }
        var alarms = new List<Alarm>();
        foreach (var p in pumps)
        {
            alarms.Add(await OpenAsync(p.Id, AlarmTypes.PumpFault));
        }
        Assert.Equal(10, alarms.Count(a => a.Group is null));
        Assert.All(alarms.Skip(10), a => Assert.Equal(group, a.Group));
        foreach (var a in alarms.Skip(10))
        {
            Assert.DoesNotContain(await OutboxAsync(a.Id), e => e.Channel == NotificationChannel.Webhook);
        }

        // Quiet for ten seconds: the group is told once, listing every member.
        fixture.Clock.Advance(AlarmBurst.Quiet);
        var notices = await Eventually.MatchAsync(
            () => OutboxAsync(e => e.Notice.GroupId == group && e.Target == "http://hooks.test/all"), g => g.Count > 0);
        var told = Assert.Single(notices);
        Assert.Equal(pumps.Skip(10).Select(p => p.Id), told.Notice.Members);
    }

    [Fact]
    public async Task DevicesFallingSilentBehindOneGatewayBecomeOneGatewayDownAlarmThatEndsWhenTheyAreHeardAgain()
    {
        var behind = Catalog.Devices
            .Where(d => d.Gateway is not null && d.Kind is DeviceKind.EnvSensor or DeviceKind.RiverGauge or DeviceKind.BridgeJoint)
            .GroupBy(d => d.Gateway!)
            .Last(g => g.Count() >= 4)
            .TakeLast(4)
            .ToList();
        var gateway = behind[0].Gateway!;
        var t0 = fixture.Clock.GetUtcNow();
        foreach (var d in behind)
        {
            await fixture.Grains.GetDeviceGrain(d.Kind, d.Id).ApplyAsync(Reading(d, t0, 1));
        }
        fixture.Clock.Advance(TimeSpan.FromSeconds(behind.Max(d => d.Profile.ExpectedIntervalS) * 2 + 30));
        var silent = new List<Alarm>();
        foreach (var d in behind)
        {
            silent.Add(await OpenAsync(d.Id, AlarmTypes.DeviceSilent));
        }
        Assert.All(silent, a => Assert.Equal((TwinStatus.Advisory, gateway), (a.Severity, a.Gateway)));
        var down = await OpenAsync(gateway, AlarmTypes.GatewayDown);
        Assert.Equal(("gateway", AlarmState.ActiveUnacknowledged), (down.Kind, down.State));
        Assert.NotNull(down.Group);
        // The first two were told alone at once; from the third on they are the gateway's group.
        var alone = silent.Where(a => a.Group is null).Select(a => a.Source).ToHashSet();
        Assert.Equal(2, alone.Count);
        Assert.Equal(2, silent.Count(a => a.Group == down.Group));
        // Its raise lists the silent devices so far: the two told alone and the third, which opened the group.
        var raise = Assert.Single(await OutboxAsync(down.Id), e => e.Target == "http://hooks.test/all" && e.Notice.Transition.Action == AlarmAction.Raise);
        Assert.Equal(3, raise.Notice.Members.Length);
        Assert.Superset(alone, raise.Notice.Members.ToHashSet());
        Assert.Subset(behind.Select(d => d.Id).ToHashSet(), raise.Notice.Members.ToHashSet());

        // Heard again: every silence returns, and with the last one the gateway-down alarm.
        var t1 = fixture.Clock.GetUtcNow();
        foreach (var d in behind)
        {
            await fixture.Grains.GetDeviceGrain(d.Kind, d.Id).ApplyAsync(Reading(d, t1, 2));
        }
        var back = await Eventually.MatchAsync(() => fixture.Alarms.GetAsync(down.Id, Ct), a => a!.State == AlarmState.ReturnedUnacknowledged);
        Assert.False(back!.Active);
    }

    private static Reading Reading(DeviceInfo d, DateTimeOffset ts, long seq) => d.Kind switch
    {
        DeviceKind.RiverGauge => Readings.Of(ts, seq, ("level_m", d.Thresholds["standby_m"] - 0.5)),
        DeviceKind.BridgeJoint => Readings.Of(ts, seq, ("gap_mm", (d.Thresholds["gap_min_mm"] + d.Thresholds["gap_max_mm"]) / 2)),
        _ => Readings.Of(ts, seq, ("air_temp_c", 3.0)),
    };
}
