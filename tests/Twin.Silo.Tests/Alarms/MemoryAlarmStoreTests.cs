using Twin.Grains.Abstractions;
using Twin.Grains.Abstractions.Alarms;
using Twin.Storage.Alarms;
using static Twin.Silo.Tests.Alarms.AlarmSamples;

namespace Twin.Silo.Tests.Alarms;

public sealed class MemoryAlarmStoreTests
{
    private const string Hook = "http://receiver.example/hook";
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(60);
    private readonly MemoryAlarmStore _store = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AClaimTakesOnlyTheOldestUnsentEntryOfEachAlarmChannelAndTarget()
    {
        var a = PumpFault("a");
        var b = PumpFault("b", "pump-0043");
        await _store.SaveAsync(a, [Entry("a1", Raised(a), NotificationChannel.Webhook, Hook), Entry("a2", Raised(a), NotificationChannel.Webhook, Hook),
            Entry("a3", Raised(a), NotificationChannel.Email, "ops@example.jp")], Ct);
        await _store.SaveAsync(b, [Entry("b1", Raised(b), NotificationChannel.Webhook, Hook), Entry("b2", Raised(b), NotificationChannel.Webhook, Hook)], Ct);

        var first = await _store.ClaimDueAsync("me", Start, Lease, 100, Ct);
        Assert.Equal(["a1", "a3", "b1"], first.Select(e => e.Id));

        await _store.MarkSentAsync("a1", Start, Ct);
        var second = await _store.ClaimDueAsync("me", Start, Lease, 100, Ct);
        // a3 and b1 are still this owner's (claimed, not yet sent): the same owner may take them again.
        Assert.Equal(["a2", "a3", "b1"], second.Select(e => e.Id));
    }

    [Fact]
    public async Task AHeadNotYetDueHoldsBackItsQueueAndAClaimStopsAtMax()
    {
        var a = PumpFault("a");
        var b = PumpFault("b", "pump-0043");
        var c = PumpFault("c", "pump-0044");
        await _store.SaveAsync(a, [Entry("a1", Raised(a), NotificationChannel.Webhook, Hook, Start.AddSeconds(10)), Entry("a2", Raised(a), NotificationChannel.Webhook, Hook)], Ct);
        await _store.SaveAsync(b, [Entry("b1", Raised(b), NotificationChannel.Webhook, Hook)], Ct);
        await _store.SaveAsync(c, [Entry("c1", Raised(c), NotificationChannel.Webhook, Hook)], Ct);

        Assert.Equal(["b1"], (await _store.ClaimDueAsync("me", Start, Lease, 1, Ct)).Select(e => e.Id));
        Assert.Equal(["a1", "b1", "c1"], (await _store.ClaimDueAsync("me", Start.AddSeconds(10), Lease, 10, Ct)).Select(e => e.Id));
    }

    [Fact]
    public async Task AnotherOwnersLiveLeaseIsSkippedAndAnExpiredOneIsClaimedAgain()
    {
        var a = PumpFault("a");
        await _store.SaveAsync(a, [Entry("a1", Raised(a), NotificationChannel.Webhook, Hook), Entry("a2", Raised(a), NotificationChannel.Webhook, Hook)], Ct);
        Assert.Single(await _store.ClaimDueAsync("silo-1", Start, Lease, 10, Ct));

        Assert.Empty(await _store.ClaimDueAsync("silo-2", Start.AddSeconds(59), Lease, 10, Ct));
        // silo-1 died with a1 claimed: once its lease runs out a1 goes again, before a2.
        var again = await _store.ClaimDueAsync("silo-2", Start.AddSeconds(60), Lease, 10, Ct);
        Assert.Equal("a1", Assert.Single(again).Id);
    }

    [Fact]
    public async Task ARetryCountsTheAttemptAndIsDueAgainAtItsTime()
    {
        var a = PumpFault("a");
        await _store.SaveAsync(a, [Entry("a1", Raised(a), NotificationChannel.Webhook, Hook)], Ct);
        await _store.ClaimDueAsync("me", Start, Lease, 10, Ct);
        await _store.RetryAsync("a1", Start.AddSeconds(2), "503 Service Unavailable", Ct);

        Assert.Empty(await _store.ClaimDueAsync("other", Start.AddSeconds(1), Lease, 10, Ct));
        var entry = Assert.Single(await _store.ClaimDueAsync("other", Start.AddSeconds(2), Lease, 10, Ct));
        Assert.Equal((1, "503 Service Unavailable"), (entry.Attempts, entry.LastError));
        Assert.Equal((1L, 0L), await _store.CountAsync(Ct));
    }

    [Fact]
    public async Task AParkedEntryLeavesItsQueueAndIsListedNewestFirst()
    {
        var a = PumpFault("a");
        await _store.SaveAsync(a, [Entry("a1", Raised(a), NotificationChannel.Webhook, Hook), Entry("a2", Raised(a), NotificationChannel.Webhook, Hook),
            Entry("a3", Raised(a), NotificationChannel.Webhook, Hook)], Ct);
        await _store.ParkAsync("a1", Start, "404 Not Found", Ct);
        await _store.ParkAsync("a2", Start.AddSeconds(1), "410 Gone", Ct);

        Assert.Equal("a3", Assert.Single(await _store.ClaimDueAsync("me", Start, Lease, 10, Ct)).Id);
        var parked = await _store.ListParkedAsync(10, Ct);
        Assert.Equal(["a2", "a1"], parked.Select(e => e.Id));
        Assert.Equal(["410 Gone", "404 Not Found"], parked.Select(e => e.LastError));
        Assert.Equal((1L, 2L), await _store.CountAsync(Ct));
    }

    [Fact]
    public async Task ASaveWithARepeatedNotificationIdWritesNothing()
    {
        var a = PumpFault("a");
        await _store.SaveAsync(a, [Entry("a1", Raised(a), NotificationChannel.Webhook, Hook)], Ct);
        var acked = a with { State = AlarmState.ActiveAcknowledged };

        await Assert.ThrowsAsync<InvalidOperationException>(() => _store.SaveAsync(acked, [Entry("a2", Raised(a), NotificationChannel.Webhook, Hook),
            Entry("a1", Raised(a), NotificationChannel.Webhook, Hook)], Ct));

        Assert.Equal(AlarmState.ActiveUnacknowledged, (await _store.GetAsync("a", Ct))!.State);
        Assert.Equal((1L, 0L), await _store.CountAsync(Ct));
    }

    [Fact]
    public async Task QueriesFilterByStateDistrictSeverityAndTypeAndNoStateMeansNotNormal()
    {
        await _store.SaveAsync(PumpFault("a", "p1", AlarmState.ActiveUnacknowledged, "chuo", TwinStatus.Alarm), [], Ct);
        await _store.SaveAsync(PumpFault("b", "p1", AlarmState.Normal, "chuo", TwinStatus.Alarm), [], Ct);
        await _store.SaveAsync(PumpFault("c", "p2", AlarmState.Shelved, "osawano", TwinStatus.Warning) with { RaisedAt = Start.AddMinutes(1) }, [], Ct);
        await _store.SaveAsync(PumpFault("d", "p3", AlarmState.ActiveAcknowledged, "chuo", TwinStatus.Warning) with { Type = AlarmTypes.PumpLowWater }, [], Ct);

        async Task<IEnumerable<string>> Ids(AlarmQuery q) => (await _store.QueryAsync(q, Ct)).Select(a => a.Id);
        Assert.Equal(["c", "d", "a"], await Ids(new AlarmQuery()));
        Assert.Equal(["b"], await Ids(new AlarmQuery { States = [AlarmState.Normal] }));
        Assert.Equal(["d", "a"], await Ids(new AlarmQuery { Districts = ["chuo"] }));
        Assert.Equal(["c", "d"], await Ids(new AlarmQuery { Severities = [TwinStatus.Warning] }));
        Assert.Equal(["d"], await Ids(new AlarmQuery { Types = [AlarmTypes.PumpLowWater] }));
        Assert.Equal(["c"], await Ids(new AlarmQuery { Limit = 1 }));
        Assert.Equal(["a"], (await _store.ReadOpenAsync("p1", Ct)).Select(a => a.Id));
    }
}

