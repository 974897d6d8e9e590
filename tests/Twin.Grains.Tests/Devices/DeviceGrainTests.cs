using Orleans.Runtime;
using Twin.Catalog;
using Twin.Grains.Abstractions;

namespace Twin.Grains.Tests.Devices;

[Collection(ClusterCollection.Name)]
public sealed class DeviceGrainTests(ClusterFixture fixture)
{
    private TwinCatalog Catalog => fixture.Catalog;

    private DeviceInfo Nth(DeviceKind kind, int n, Func<DeviceInfo, bool>? where = null) =>
        Catalog.Devices.Where(d => d.Kind == kind && (where?.Invoke(d) ?? true)).Skip(n).First();

    [Fact]
    public async Task AGrainReachedByKindIsTheSameGrainAsItsTypedReferenceForEveryKind()
    {
        foreach (var kind in Enum.GetValues<DeviceKind>())
        {
            var device = Nth(kind, 5);
            // The first call resolves the types by convention, the next ones build the reference from them.
            var first = fixture.Grains.GetDeviceGrain(kind, device.Id);
            var cached = fixture.Grains.GetDeviceGrain(kind, device.Id);
            IDeviceGrain typed = kind switch
            {
                DeviceKind.RiverGauge => fixture.Grains.GetGrain<IRiverGaugeGrain>(device.Id),
                DeviceKind.SnowPump => fixture.Grains.GetGrain<ISnowPumpGrain>(device.Id),
                DeviceKind.BridgeJoint => fixture.Grains.GetGrain<IBridgeJointGrain>(device.Id),
                DeviceKind.ChildTracker => fixture.Grains.GetGrain<IChildTrackerGrain>(device.Id),
                _ => fixture.Grains.GetGrain<IEnvSensorGrain>(device.Id),
            };
            Assert.Equal(typed, first);
            Assert.Equal(typed, cached);
            Assert.Equal(((GrainReference)typed).InterfaceType, ((GrainReference)cached).InterfaceType);
            Assert.IsType(typed.GetType(), cached);
            Assert.Equal(device.Id, (await cached.GetAsync()).Info.Id);
        }
    }

    [Fact]
    public async Task AGaugeOverCautionLevelIsWarningAndShowsItsReading()
    {
        var gauge = Nth(DeviceKind.RiverGauge, 0);
        var grain = fixture.Grains.GetGrain<IRiverGaugeGrain>(gauge.Id);
        var now = fixture.Clock.GetUtcNow();
        var level = gauge.Thresholds["caution_m"] + 0.05;

        Assert.Equal(ApplyOutcome.Applied, await grain.ApplyAsync(Readings.Of(now, 1, ("level_m", level), ("battery_v", 3.6))));

        var s = await grain.GetAsync();
        Assert.Equal(TwinStatus.Warning, s.Status);
        Assert.Equal(level, s.Reading!.Get("level_m"));
        Assert.Equal(3.6, s.Health.Battery);
        Assert.Equal(now, s.Health.LastSeen);
    }

    [Fact]
    public async Task AReadingTheHistoryKeepsFlaggedIsNotReplayedIntoTheDevice()
    {
        // A buoy: nothing else activates it (a segment's activation wakes its gauges), so its first call replays.
        var buoy = Catalog.Devices.Last(d => d.Kind == DeviceKind.EnvSensor && d.Group != "weather");
        var now = fixture.Clock.GetUtcNow();
        var taken = Readings.Of(now.AddSeconds(-2), 1, ("water_temp_c", 12.5));
        var flooded = Readings.Of(now.AddSeconds(-1), 2, ("water_temp_c", 30.0)) with { Flag = "rate-limited" };
        await fixture.History.AppendAsync(new HistoryRecord(buoy.Id, taken.Ts, taken.Seq, taken, now), TestContext.Current.CancellationToken);
        await fixture.History.AppendAsync(new HistoryRecord(buoy.Id, flooded.Ts, flooded.Seq, flooded, now), TestContext.Current.CancellationToken);

        // The first call activates the grain, which replays what the history received.
        var s = await fixture.Grains.GetGrain<IEnvSensorGrain>(buoy.Id).GetAsync();
        Assert.Equal(1, s.Reading!.Seq);
        Assert.Equal(12.5, s.Reading.Get("water_temp_c"));
    }

    [Fact]
    public async Task ADuplicateIsIgnoredAndALateReadingDoesNotMoveTheLiveState()
    {
        var gauge = Nth(DeviceKind.RiverGauge, 1);
        var grain = fixture.Grains.GetGrain<IRiverGaugeGrain>(gauge.Id);
        var now = fixture.Clock.GetUtcNow();

        await grain.ApplyAsync(Readings.Of(now, 5, ("level_m", 0.5)));
        Assert.Equal(ApplyOutcome.Duplicate, await grain.ApplyAsync(Readings.Of(now, 5, ("level_m", 0.5))));
        Assert.Equal(ApplyOutcome.Late, await grain.ApplyAsync(Readings.Of(now.AddMinutes(-10), 4, ("level_m", 9.9))));

        var s = await grain.GetAsync();
        Assert.Equal(0.5, s.Reading!.Get("level_m"));
        Assert.Equal(5, s.Reading.Seq);
    }

    [Fact]
    public async Task AGaugeBecomesSilentAfterTwoMissedIntervalsAndRecoversOnItsNextReading()
    {
        var gauge = Nth(DeviceKind.RiverGauge, 2);
        var grain = fixture.Grains.GetGrain<IRiverGaugeGrain>(gauge.Id);
        var start = fixture.Clock.GetUtcNow();
        await grain.ApplyAsync(Readings.Of(start, 1, ("level_m", 0.4)));

        // The fake clock is the rules' clock; CheckAsync is what the grain's timer calls.
        var silentAt = start.AddSeconds(gauge.Profile.ExpectedIntervalS * 2 + 1);
        fixture.Clock.AdjustTime(silentAt > fixture.Clock.GetUtcNow() ? silentAt : fixture.Clock.GetUtcNow());
        await grain.CheckAsync();
        var silent = await grain.GetAsync();
        Assert.True(silent.Health.Silent);
        Assert.Equal(TwinStatus.Normal, silent.Status);

        await grain.ApplyAsync(Readings.Of(fixture.Clock.GetUtcNow(), 2, ("level_m", 0.41)));
        Assert.False((await grain.GetAsync()).Health.Silent);
    }

    [Fact]
    public async Task TheSilenceWatchMarksADeviceSilentWhenTheClockPassesItsIntervalsWithoutAReading()
    {
        var joint = Nth(DeviceKind.BridgeJoint, 3);
        var grain = fixture.Grains.GetGrain<IBridgeJointGrain>(joint.Id);
        await grain.ApplyAsync(Readings.Of(fixture.Clock.GetUtcNow(), 1, ("gap_mm", 40)));
        Assert.False((await grain.GetAsync()).Health.Silent);

        // Nobody calls the grain: the silo's watch notices on the rules' clock and asks it to check.
        fixture.Clock.Advance(TimeSpan.FromSeconds(joint.Profile.ExpectedIntervalS * 2 + 10));
        var s = await Eventually.MatchAsync(() => grain.GetAsync().AsTask(), x => x.Health.Silent);
        Assert.Equal(TwinStatus.Normal, s.Status);
        var district = await Eventually.MatchAsync(() => fixture.Grains.GetGrain<IDistrictGrain>(joint.District).GetDeviceStatusesAsync().AsTask(),
            list => list.Single(e => e.Id == joint.Id).Silent);
        Assert.NotNull(district);
    }

    [Fact]
    public async Task APumpFaultLampIsAnAlarmAndMakesThePumpUnavailable()
    {
        var pump = Nth(DeviceKind.SnowPump, 0);
        var grain = fixture.Grains.GetGrain<ISnowPumpGrain>(pump.Id);
        await grain.ApplyAsync(Readings.Pump(fixture.Clock.GetUtcNow(), 1, "pump_fault"));

        var s = await grain.GetAsync();
        Assert.Equal(TwinStatus.Alarm, s.Status);
        Assert.Equal(["pump_fault"], s.Anomalies);
        Assert.Equal("pump_fault", s.Reading!.State);
    }

    [Fact]
    public async Task APumpStoppedWhileItsDistrictSnowsBecomesAWarningAfterTheDelay()
    {
        var pump = Nth(DeviceKind.SnowPump, 0, d => d.District == "yatsuo");
        var station = Catalog.WeatherStationOf("yatsuo")!;
        var now = fixture.Clock.GetUtcNow();
        await fixture.Grains.GetGrain<IEnvSensorGrain>(station.Id).ApplyAsync(
            Readings.Of(now, 1, ("air_temp_c", -1.0), ("snowfall_cm_h", 2.0), ("precipitation_mm_h", 1.5)));
        await Eventually.MatchAsync(() => fixture.Grains.GetGrain<IDistrictGrain>("yatsuo").GetWeatherAsync().AsTask(), w => w?.SnowfallCmH == 2.0);

        var grain = fixture.Grains.GetGrain<ISnowPumpGrain>(pump.Id);
        await grain.ApplyAsync(Readings.Pump(now.AddMinutes(-31), 1, "stopped"));
        await grain.CheckAsync();

        var s = await grain.GetAsync();
        Assert.Equal(TwinStatus.Warning, s.Status);
        Assert.Contains("stopped-during-snowfall", s.Anomalies);
    }

    [Fact]
    public async Task AJointPastItsGapLimitAlarmsWithTheLampOn()
    {
        var joint = Nth(DeviceKind.BridgeJoint, 0);
        var grain = fixture.Grains.GetGrain<IBridgeJointGrain>(joint.Id);
        await grain.ApplyAsync(Readings.Of(fixture.Clock.GetUtcNow(), 1, ("gap_mm", joint.Thresholds["gap_max_mm"] + 1)));

        var s = await grain.GetAsync();
        Assert.Equal(TwinStatus.Alarm, s.Status);
        Assert.Equal(1, s.Derived["lamp"]);
        var on = Assert.Single(fixture.Downlinks.Sent, c => c.Device.Id == joint.Id);
        Assert.True(on.On);
        Assert.Equal("bridge-gap-limit", on.Reason);

        await grain.ApplyAsync(Readings.Of(fixture.Clock.GetUtcNow().AddSeconds(1), 2, ("gap_mm", (joint.Thresholds["gap_min_mm"] + joint.Thresholds["gap_max_mm"]) / 2)));
        var off = fixture.Downlinks.Sent.Where(c => c.Device.Id == joint.Id).ToList();
        Assert.Equal(2, off.Count);
        Assert.False(off[1].On);
    }

    [Fact]
    public async Task OnlyAnAppliedReadingMovesAJointsDownlinkRoute()
    {
        var joint = Nth(DeviceKind.BridgeJoint, 2);
        var grain = fixture.Grains.GetGrain<IBridgeJointGrain>(joint.Id);
        var now = fixture.Clock.GetUtcNow();
        var middle = (joint.Thresholds["gap_min_mm"] + joint.Thresholds["gap_max_mm"]) / 2;
        const string Route = "v3/bridges@toyama/devices/joint/up";
        await grain.ApplyAsync(Readings.Of(now, 10, ("gap_mm", middle)) with { Source = Route });

        // Late (older than the live reading): history only, so its topic must not become the way back.
        var late = await grain.ApplyAsync(Readings.Of(now.AddMinutes(-30), 20, ("gap_mm", middle)) with { Source = "v3/other@toyama/devices/joint/up" });
        Assert.Equal(ApplyOutcome.Late, late);

        await grain.ApplyAsync(Readings.Of(now.AddSeconds(1), 11, ("gap_mm", joint.Thresholds["gap_max_mm"] + 1)));
        var on = Assert.Single(fixture.Downlinks.Sent, c => c.Device.Id == joint.Id);
        Assert.Equal(Route, on.UplinkTopic);
    }

    [Fact]
    public async Task AJointThatNeverAlarmedGetsNoLampCommand()
    {
        var joint = Nth(DeviceKind.BridgeJoint, 1);
        var grain = fixture.Grains.GetGrain<IBridgeJointGrain>(joint.Id);
        await grain.ApplyAsync(Readings.Of(fixture.Clock.GetUtcNow(), 1, ("gap_mm", (joint.Thresholds["gap_min_mm"] + joint.Thresholds["gap_max_mm"]) / 2)));
        Assert.DoesNotContain(fixture.Downlinks.Sent, c => c.Device.Id == joint.Id);
    }

    [Fact]
    public async Task AChildsPositionNeverLeavesItsGrain()
    {
        var child = Nth(DeviceKind.ChildTracker, 0, d => d.Consent);
        var grain = fixture.Grains.GetGrain<IChildTrackerGrain>(child.Id);
        await grain.ApplyAsync(Readings.Of(fixture.Clock.GetUtcNow(), 1, ("lat", 36.70), ("lon", 137.21), ("battery_pct", 80)));

        var s = await grain.GetAsync();
        Assert.Equal(TwinStatus.Normal, s.Status);
        Assert.False(s.Reading!.Values.ContainsKey("lat"));
        Assert.False(s.Reading.Values.ContainsKey("lon"));
        Assert.Equal(80, s.Reading.Get("battery_pct"));
    }

    [Fact]
    public async Task AnEnvironmentSensorKeepsItsMetrics()
    {
        var buoy = Nth(DeviceKind.EnvSensor, 0, d => d.Group == "buoy");
        var grain = fixture.Grains.GetGrain<IEnvSensorGrain>(buoy.Id);
        await grain.ApplyAsync(Readings.Of(fixture.Clock.GetUtcNow(), 1, ("water_temp_c", 14.2), ("salinity_psu", 33.1)));

        var s = await grain.GetAsync();
        Assert.Equal(TwinStatus.Normal, s.Status);
        Assert.Equal(33.1, s.Reading!.Get("salinity_psu"));
    }

    private sealed class RecordingObserver : ITwinViewerObserver
    {
        public System.Threading.Channels.Channel<PushMessage> Messages { get; } = System.Threading.Channels.Channel.CreateUnbounded<PushMessage>();

        public Task OnPushAsync(PushMessage message)
        {
            Messages.Writer.TryWrite(message);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task AWatchGetsTheStateOnceAndThenEveryNewReadingARenewedWatchNothingMore()
    {
        var ct = TestContext.Current.CancellationToken;
        var joint = Nth(DeviceKind.BridgeJoint, 4);
        var grain = fixture.Grains.GetGrain<IBridgeJointGrain>(joint.Id);
        var recorder = new RecordingObserver();
        var observer = fixture.Cluster.Client.CreateObjectReference<ITwinViewerObserver>(recorder);
        try
        {
            await grain.WatchAsync(observer);
            // The silo's viewer observer re-asserts its watches every 30 s: the grain already has this one.
            await grain.WatchAsync(observer);
            var mid = (joint.Thresholds["gap_min_mm"] + joint.Thresholds["gap_max_mm"]) / 2;
            await grain.ApplyAsync(Readings.Of(fixture.Clock.GetUtcNow(), 7, ("gap_mm", mid)));
            await grain.ApplyAsync(Readings.Of(fixture.Clock.GetUtcNow().AddSeconds(1), 8, ("gap_mm", mid + 1)));

            // One-way calls to this test client's observer may be handed over out of order, so the messages are
            // told apart by content: the two new readings, and whatever state the watch began with.
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            var received = new List<PushMessage>();
            bool IsNew(PushMessage m) => m.Device?.Reading?.Seq is 7 or 8;
            while (received.Count(IsNew) < 2 || !received.Any(m => !IsNew(m)))
            {
                received.Add(await recorder.Messages.Reader.ReadAsync(timeout.Token));
            }
            Assert.All(received, m => Assert.Equal((PushKind.Device, joint.Id), (m.Kind, m.Key)));
            // The state when the watch began, then each reading: no repeat of the state for the renewal.
            Assert.Single(received, m => !IsNew(m));
            Assert.Equal(2, received.Count(IsNew));
        }
        finally
        {
            await grain.UnwatchAsync(observer);
            fixture.Cluster.Client.DeleteObjectReference<ITwinViewerObserver>(observer);
        }
    }
}
