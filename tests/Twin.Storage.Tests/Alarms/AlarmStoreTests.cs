using System.Collections.Concurrent;
using Twin.Grains.Abstractions;
using Twin.Grains.Abstractions.Alarms;
using Twin.Storage.Alarms;
using static Twin.Storage.Tests.Alarms.AlarmSamples;

namespace Twin.Storage.Tests.Alarms;

/// <summary>The alarm store and its outbox, run against every database; each test has a database of its own.</summary>
public abstract class AlarmStoreTests : IAsyncLifetime
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Creates this test's empty database.</summary>
    public abstract ValueTask InitializeAsync();

    /// <summary>Closes every store opened and removes the database.</summary>
    public abstract ValueTask DisposeAsync();

    /// <summary>A new store on this test's database, as a silo starting would open it.</summary>
    protected abstract SqlAlarmStore Open();

    /// <summary>Closes a store, as a silo stopping (or killed) would leave it.</summary>
    protected abstract ValueTask CloseAsync(SqlAlarmStore store);

    [Fact]
    public async Task ASavedAlarmReadsBackExactlyWithItsOffsetsNullsAndLists()
    {
        var store = Open();
        var full = Full("a-full", "pump-1");
        var bare = Raised("a-bare", "pump-2") with { Transitions = [], Active = false };
        await store.SaveAsync(full, [], Ct);
        await store.SaveAsync(bare, [], Ct);

        Assert.Equal(Describe(full), Describe(await store.GetAsync("a-full", Ct)));
        Assert.Equal(Describe(bare), Describe(await store.GetAsync("a-bare", Ct)));
        Assert.Null(await store.GetAsync("a-none", Ct));
        // The round trip keeps the offsets themselves, not only the instants.
        Assert.Equal(TimeSpan.FromHours(-5), (await store.GetAsync("a-full", Ct))!.ShelvedUntil!.Value.Offset);
    }

    [Fact]
    public async Task SavingAnAlarmAgainReplacesIt()
    {
        var store = Open();
        var raised = Raised("a-1", "pump-1");
        var acked = raised with
        {
            State = AlarmState.ActiveAcknowledged,
            AckedBy = "op",
            AckedAt = T0.AddMinutes(1),
            Transitions = raised.Transitions.Add(new AlarmTransition(T0.AddMinutes(1), AlarmState.ActiveUnacknowledged, AlarmState.ActiveAcknowledged, AlarmAction.Acknowledge, "op")),
        };
        await store.SaveAsync(raised, [], Ct);
        await store.SaveAsync(acked, [], Ct);

        Assert.Equal(Describe(acked), Describe(await store.GetAsync("a-1", Ct)));
        Assert.Equal([AlarmState.ActiveAcknowledged], (await store.QueryAsync(new AlarmQuery(), Ct)).Select(a => a.State));
    }

    [Fact]
    public async Task ReadOpenListsTheSourcesAlarmsThatAreNotNormal()
    {
        var store = Open();
        await store.SaveAsync(Raised("a-1", "pump-1", raisedAt: T0), [], Ct);
        await store.SaveAsync(Raised("a-2", "pump-1", type: AlarmTypes.PumpLowWater, state: AlarmState.ReturnedUnacknowledged, raisedAt: T0.AddMinutes(1)), [], Ct);
        await store.SaveAsync(Raised("a-3", "pump-1", state: AlarmState.Normal, raisedAt: T0.AddMinutes(2)), [], Ct);
        await store.SaveAsync(Raised("a-4", "pump-1", type: AlarmTypes.DeviceSilent, state: AlarmState.OutOfService, raisedAt: T0.AddMinutes(3)), [], Ct);
        await store.SaveAsync(Raised("a-5", "pump-2"), [], Ct);

        var open = await store.ReadOpenAsync("pump-1", Ct);

        Assert.Equal(["a-1", "a-2", "a-4"], open.Select(a => a.Id));
        Assert.Empty(await store.ReadOpenAsync("pump-3", Ct));
    }

    [Fact]
    public async Task QueryFiltersByStateDistrictSeverityAndTypeNewestRaisedFirst()
    {
        var store = Open();
        await store.SaveAsync(Raised("a-1", "pump-1", "chuo", AlarmTypes.PumpFault, TwinStatus.Alarm, AlarmState.ActiveUnacknowledged, T0), [], Ct);
        await store.SaveAsync(Raised("a-2", "gauge-1", "chuo", AlarmTypes.RiverLevel, TwinStatus.Warning, AlarmState.ActiveAcknowledged, T0.AddMinutes(1)), [], Ct);
        await store.SaveAsync(Raised("a-3", "gauge-2", "iwase", AlarmTypes.RiverLevel, TwinStatus.Critical, AlarmState.Shelved, T0.AddMinutes(2)), [], Ct);
        await store.SaveAsync(Raised("a-4", "pump-2", "iwase", AlarmTypes.PumpFault, TwinStatus.Alarm, AlarmState.Normal, T0.AddMinutes(3)), [], Ct);
        await store.SaveAsync(Raised("a-5", "bridge-1", "chuo", AlarmTypes.GaugeStuck, TwinStatus.Advisory, AlarmState.ReturnedUnacknowledged, T0.AddMinutes(4)), [], Ct);

        async Task<string[]> Ids(AlarmQuery query) => [.. (await store.QueryAsync(query, Ct)).Select(a => a.Id)];

        Assert.Equal(["a-5", "a-3", "a-2", "a-1"], await Ids(new AlarmQuery()));
        Assert.Equal(["a-4"], await Ids(new AlarmQuery { States = [AlarmState.Normal] }));
        Assert.Equal(["a-4", "a-2"], await Ids(new AlarmQuery { States = [AlarmState.Normal, AlarmState.ActiveAcknowledged] }));
        Assert.Equal(["a-5", "a-2", "a-1"], await Ids(new AlarmQuery { Districts = ["chuo"] }));
        Assert.Equal(["a-3", "a-1"], await Ids(new AlarmQuery { Severities = [TwinStatus.Alarm, TwinStatus.Critical] }));
        Assert.Equal(["a-3", "a-2"], await Ids(new AlarmQuery { Types = [AlarmTypes.RiverLevel] }));
        Assert.Equal(["a-2"], await Ids(new AlarmQuery { Types = [AlarmTypes.RiverLevel], Districts = ["chuo", "nowhere"] }));
        Assert.Equal(["a-5", "a-3"], await Ids(new AlarmQuery { Limit = 2 }));
        Assert.Empty(await Ids(new AlarmQuery { Districts = ["nowhere"] }));
    }

    [Fact]
    public async Task AnAlarmAndItsNotificationsAreWrittenTogetherOrNotAtAll()
    {
        var store = Open();
        var raised = Raised("a-1", "pump-1");
        await store.SaveAsync(raised, [Entry("n-1", raised)], Ct);
        var acked = raised with { State = AlarmState.ActiveAcknowledged, AckedBy = "op" };

        // The second notification reuses an id: the whole save fails, the alarm's new state with it.
        await Assert.ThrowsAnyAsync<Exception>(() => store.SaveAsync(acked, [Entry("n-2", acked), Entry("n-1", acked)], Ct));
        await Assert.ThrowsAnyAsync<Exception>(() => store.SaveAsync(Raised("a-2", "pump-2"), [Entry("n-1", raised)], Ct));

        Assert.Equal(Describe(raised), Describe(await store.GetAsync("a-1", Ct)));
        Assert.Null(await store.GetAsync("a-2", Ct));
        Assert.Equal((1, 0), await store.CountAsync(Ct));
        Assert.Equal(["n-1"], Ids(await store.ClaimDueAsync("silo-1", Start, Lease, 10, Ct)));
    }

    [Fact]
    public async Task AClaimedEntryComesBackWithEveryField()
    {
        var store = Open();
        var alarm = Full("a-1", "pump-1");
        var entry = Entry("n-1", alarm, NotificationChannel.Email, "duty@city.toyama.example") with
        {
            Notice = new AlarmNotice(alarm, alarm.Transitions[1]) { Members = ["pump-1", "pump-9"], GroupId = "chuo/pump-fault/1", Route = "duty" },
        };
        var group = Entry("n-2", alarm, NotificationChannel.Mqtt, "toyama/alarms/chuo/pump-fault/pump-1", Start.AddSeconds(-1));
        await store.SaveAsync(alarm, [entry], Ct);
        await store.EnqueueAsync([group], Ct);

        var claimed = await store.ClaimDueAsync("silo-1", Start, Lease, 10, Ct);

        Assert.Equal([Describe(entry), Describe(group)], claimed.Select(Describe));
        Assert.Equal(Start, claimed[0].DueAt);
    }

    [Fact]
    public async Task OneAlarmsNotificationsToOneTargetGoOutOneAfterAnotherInTheOrderWritten()
    {
        var store = Open();
        var a = Raised("a-1", "pump-1");
        var b = Raised("a-2", "pump-2");
        await store.SaveAsync(a, [Entry("a-x-1", a), Entry("a-x-2", a), Entry("a-y-1", a, target: "https://hooks.example/b")], Ct);
        await store.SaveAsync(b, [Entry("b-x-1", b)], Ct);
        await store.EnqueueAsync([Entry("a-x-3", a), Entry("a-mail-1", a, NotificationChannel.Email, "https://hooks.example/a")], Ct);

        // One entry per (alarm, channel, target): the head of each queue, oldest first.
        Assert.Equal(["a-x-1", "a-y-1", "b-x-1", "a-mail-1"], Ids(await store.ClaimDueAsync("silo-1", Start, Lease, 10, Ct)));
        // Still leased, and the next of a-1's queue to hooks/a waits for its head.
        Assert.Empty(await store.ClaimDueAsync("silo-2", Start, Lease, 10, Ct));

        await store.MarkSentAsync("a-x-1", Start.AddSeconds(1), Ct);
        Assert.Equal(["a-x-2"], Ids(await store.ClaimDueAsync("silo-2", Start.AddSeconds(1), Lease, 10, Ct)));
        // A head that failed and is due later holds the rest of its queue back.
        await store.RetryAsync("a-x-2", Start.AddSeconds(30), "HTTP 503", Ct);
        Assert.Empty(await store.ClaimDueAsync("silo-2", Start.AddSeconds(29), Lease, 10, Ct));
        Assert.Equal(["a-x-2"], Ids(await store.ClaimDueAsync("silo-2", Start.AddSeconds(30), Lease, 10, Ct)));
        await store.MarkSentAsync("a-x-2", Start.AddSeconds(31), Ct);
        Assert.Equal(["a-x-3"], Ids(await store.ClaimDueAsync("silo-2", Start.AddSeconds(31), Lease, 10, Ct)));
    }

    [Fact]
    public async Task ClaimTakesAtMostMaxOldestFirstAndNothingNotYetDue()
    {
        var store = Open();
        var alarms = Enumerable.Range(1, 5).Select(i => Raised($"a-{i}", $"pump-{i}")).ToList();
        foreach (var alarm in alarms)
        {
            await store.SaveAsync(alarm, [Entry($"n-{alarm.Id}", alarm)], Ct);
        }
        await store.EnqueueAsync([Entry("later", Raised("a-9", "pump-9"), dueAt: Start.AddMinutes(5))], Ct);

        Assert.Equal(["n-a-1", "n-a-2"], Ids(await store.ClaimDueAsync("silo-1", Start, Lease, 2, Ct)));
        Assert.Equal(["n-a-3", "n-a-4", "n-a-5"], Ids(await store.ClaimDueAsync("silo-2", Start, Lease, 10, Ct)));
        Assert.Empty(await store.ClaimDueAsync("silo-3", Start, Lease, 0, Ct));
        foreach (var alarm in alarms)
        {
            await store.MarkSentAsync($"n-{alarm.Id}", Start.AddSeconds(1), Ct);
        }
        Assert.Empty(await store.ClaimDueAsync("silo-3", Start.AddMinutes(5).AddTicks(-10), Lease, 10, Ct));
        Assert.Equal(["later"], Ids(await store.ClaimDueAsync("silo-2", Start.AddMinutes(5), Lease, 10, Ct)));
    }

    [Fact]
    public async Task AnEntryWhoseSenderDiedIsClaimedByAnotherOnceItsLeaseRunsOut()
    {
        var store = Open();
        var alarm = Raised("a-1", "pump-1");
        await store.SaveAsync(alarm, [Entry("n-1", alarm)], Ct);

        Assert.Equal(["n-1"], Ids(await store.ClaimDueAsync("silo-1", Start, Lease, 10, Ct)));
        // silo-1 dies mid-send. Until its lease runs out nobody else takes the entry.
        Assert.Empty(await store.ClaimDueAsync("silo-2", Start + Lease - TimeSpan.FromSeconds(1), Lease, 10, Ct));
        var taken = await store.ClaimDueAsync("silo-2", Start + Lease, Lease, 10, Ct);
        Assert.Equal(["n-1"], Ids(taken));
        Assert.Equal(0, taken[0].Attempts);
        // silo-2 holds it now, for a full lease from its own claim.
        Assert.Empty(await store.ClaimDueAsync("silo-1", Start + Lease + Lease - TimeSpan.FromSeconds(1), Lease, 10, Ct));

        await store.MarkSentAsync("n-1", Start + Lease + TimeSpan.FromSeconds(2), Ct);
        Assert.Equal((0, 0), await store.CountAsync(Ct));
        Assert.Empty(await store.ClaimDueAsync("silo-1", Start.AddDays(1), Lease, 10, Ct));
    }

    [Fact]
    public async Task AnOwnerMayClaimAgainWhatItsOwnLiveLeaseHolds()
    {
        var store = Open();
        var alarm = Raised("a-1", "pump-1");
        await store.SaveAsync(alarm, [Entry("n-1", alarm)], Ct);

        Assert.Equal(["n-1"], Ids(await store.ClaimDueAsync("silo-1", Start, Lease, 10, Ct)));
        // The contract skips only another owner's live lease (a silo restarted under the same name resumes at once).
        Assert.Equal(["n-1"], Ids(await store.ClaimDueAsync("silo-1", Start.AddSeconds(10), Lease, 10, Ct)));
        Assert.Empty(await store.ClaimDueAsync("silo-2", Start.AddSeconds(10) + Lease - TimeSpan.FromSeconds(1), Lease, 10, Ct));
    }

    [Fact]
    public async Task ARetriedEntryIsDueAgainLaterWithItsAttemptsAndLastError()
    {
        var store = Open();
        var alarm = Raised("a-1", "pump-1");
        await store.SaveAsync(alarm, [Entry("n-1", alarm)], Ct);

        await store.ClaimDueAsync("silo-1", Start, Lease, 10, Ct);
        await store.RetryAsync("n-1", Start.AddSeconds(2), "HTTP 503", Ct);
        Assert.Empty(await store.ClaimDueAsync("silo-2", Start.AddSeconds(1), Lease, 10, Ct));
        // The retry released the lease: due again well before the lease would have run out.
        var second = Assert.Single(await store.ClaimDueAsync("silo-2", Start.AddSeconds(2), Lease, 10, Ct));
        Assert.Equal((1, "HTTP 503", Start.AddSeconds(2)), (second.Attempts, second.LastError, second.DueAt));

        await store.RetryAsync("n-1", Start.AddSeconds(6), "timeout", Ct);
        var third = Assert.Single(await store.ClaimDueAsync("silo-1", Start.AddSeconds(6), Lease, 10, Ct));
        Assert.Equal((2, "timeout"), (third.Attempts, third.LastError));
        Assert.Equal((1, 0), await store.CountAsync(Ct));
    }

    [Fact]
    public async Task AParkedEntryIsNeverClaimedNoLongerBlocksItsQueueAndIsListedNewestFirst()
    {
        var store = Open();
        var a = Raised("a-1", "pump-1");
        var b = Raised("a-2", "pump-2");
        await store.SaveAsync(a, [Entry("a-n1", a), Entry("a-n2", a)], Ct);
        await store.SaveAsync(b, [Entry("b-n1", b)], Ct);

        Assert.Equal(["a-n1", "b-n1"], Ids(await store.ClaimDueAsync("silo-1", Start, Lease, 10, Ct)));
        await store.ParkAsync("a-n1", Start.AddSeconds(1), "HTTP 410 Gone", Ct);
        await store.ParkAsync("b-n1", Start.AddSeconds(2), "HTTP 400 Bad Request", Ct);
        // A late word from another sender does not bring a parked entry back.
        await store.RetryAsync("a-n1", Start.AddSeconds(3), "HTTP 503", Ct);
        await store.MarkSentAsync("b-n1", Start.AddSeconds(3), Ct);

        Assert.Equal(["a-n2"], Ids(await store.ClaimDueAsync("silo-1", Start.AddSeconds(3), Lease, 10, Ct)));
        await store.MarkSentAsync("a-n2", Start.AddSeconds(4), Ct);
        Assert.Empty(await store.ClaimDueAsync("silo-2", Start.AddDays(1), Lease, 10, Ct));
        var parked = await store.ListParkedAsync(10, Ct);
        Assert.Equal(["b-n1", "a-n1"], Ids(parked));
        Assert.Equal([(1, "HTTP 400 Bad Request"), (1, "HTTP 410 Gone")], parked.Select(e => (e.Attempts, e.LastError)));
        Assert.Equal(["b-n1"], Ids(await store.ListParkedAsync(1, Ct)));
        Assert.Equal((0, 2), await store.CountAsync(Ct));
    }

    [Fact]
    public async Task AlarmsAndTheOutboxSurviveARestart()
    {
        var first = Open();
        var full = Full("a-1", "pump-1");
        await first.SaveAsync(full, [Entry("n-1", full), Entry("n-2", full)], Ct);
        await first.SaveAsync(Raised("a-2", "pump-2"), [Entry("p-1", Raised("a-2", "pump-2"))], Ct);
        Assert.Equal(["n-1", "p-1"], Ids(await first.ClaimDueAsync("silo-1", Start, Lease, 10, Ct)));
        await first.ParkAsync("p-1", Start.AddSeconds(1), "HTTP 404", Ct);
        await CloseAsync(first);

        var second = Open();
        Assert.Equal(Describe(full), Describe(await second.GetAsync("a-1", Ct)));
        Assert.Equal(["a-1"], (await second.ReadOpenAsync("pump-1", Ct)).Select(a => a.Id));
        Assert.Equal((2, 1), await second.CountAsync(Ct));
        Assert.Equal(["p-1"], Ids(await second.ListParkedAsync(10, Ct)));
        // The dead silo's lease is remembered, then runs out; the order of n-1 before n-2 too.
        Assert.Empty(await second.ClaimDueAsync("silo-2", Start.AddSeconds(59), Lease, 10, Ct));
        Assert.Equal(["n-1"], Ids(await second.ClaimDueAsync("silo-2", Start + Lease, Lease, 10, Ct)));
    }

    [Fact]
    public async Task SilosClaimingTogetherNeverGetTheSameEntry()
    {
        const int Alarms = 150;
        var writer = Open();
        for (var i = 0; i < Alarms; i++)
        {
            var alarm = Raised($"a-{i}", $"pump-{i}");
            await writer.SaveAsync(alarm, [Entry($"n-{i}-1", alarm), Entry($"n-{i}-2", alarm)], Ct);
        }
        // Three silos with four senders each, each with its own pool (on SQLite they take turns at the write lock):
        // every sender claims a few, sends, and comes back.
        var silos = Enumerable.Range(1, 3).Select(_ => Open()).ToList();
        var claims = new ConcurrentQueue<(string Owner, string Id)>();
        // On a loaded machine one sender could drain the outbox before the others start, and the test would prove nothing
        // about claiming together: a sender that has claimed waits (bounded) until a second sender has claimed too.
        var secondOwner = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await Task.WhenAll(silos.SelectMany((silo, s) => Enumerable.Range(1, 4).Select(n => Task.Run(async () =>
        {
            var owner = $"silo-{s}/sender-{n}";
            // Bounded, so a claim that never empties the outbox fails the test instead of hanging it.
            for (var round = 0; round < 10_000; round++)
            {
                var claimed = await silo.ClaimDueAsync(owner, Start, TimeSpan.FromHours(1), 5, Ct);
                if (claimed.Count == 0 && (await silo.CountAsync(Ct)).Pending == 0)
                {
                    return;
                }
                foreach (var entry in claimed)
                {
                    claims.Enqueue((owner, entry.Id));
                    await silo.MarkSentAsync(entry.Id, Start, Ct);
                }
                if (claimed.Count > 0 && !secondOwner.Task.IsCompleted)
                {
                    if (claims.Select(c => c.Owner).Distinct().Count() > 1)
                    {
                        secondOwner.TrySetResult();
                    }
                    await secondOwner.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
                }
            }
            Assert.Fail($"{owner} still found entries pending after 10,000 claims.");
        }, Ct))));

        var ids = claims.Select(c => c.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(2 * Alarms, ids.Count);
        // Each alarm's second notification was claimed only after its first was sent.
        Assert.All(Enumerable.Range(0, Alarms), i => Assert.True(ids.IndexOf($"n-{i}-1") < ids.IndexOf($"n-{i}-2")));
        Assert.True(claims.Select(c => c.Owner).Distinct().Count() > 1, "the claims should have been shared between senders");
        Assert.Equal((0, 0), await writer.CountAsync(Ct));
    }
}
