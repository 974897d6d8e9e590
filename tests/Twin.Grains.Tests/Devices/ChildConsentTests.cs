using Twin.Grains.Abstractions;

namespace Twin.Grains.Tests.Devices;

/// <summary>A tracker takes readings only with the family's consent, and forgets the child at once when it is withdrawn.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ChildConsentTests(ClusterFixture fixture)
{
    [Fact]
    public async Task AWithdrawalForgetsTheChildsReadingAndSnapshotAndLaterReadingsAreNotTaken()
    {
        // The last consenting child of the catalog: no other test uses it.
        var child = fixture.Catalog.Devices.Last(d => d.Kind == DeviceKind.ChildTracker && d.Consent);
        var grain = fixture.Grains.GetGrain<IChildTrackerGrain>(child.Id);
        var now = fixture.Clock.GetUtcNow();
        Assert.True(await grain.AdmitsAsync());
        await grain.ApplyAsync(Readings.Of(now, 1, ("lat", 36.70), ("lon", 137.21), ("battery_pct", 80)));
        // A low battery changes the status: the snapshot (with the position) is written at once. (The silo's privacy
        // tests read that snapshot in SQLite and PostgreSQL; this memory storage cannot read a reading back.)
        Assert.Equal(ApplyOutcome.Applied, await grain.ApplyAsync(Readings.Of(now.AddMinutes(1), 2, ("lat", 36.71), ("lon", 137.21), ("battery_pct", 10))));
        Assert.Equal(TwinStatus.Advisory, (await grain.GetAsync()).Status);

        await grain.SetConsentAsync(false);

        Assert.False(await grain.AdmitsAsync());
        var forgotten = await grain.GetAsync();
        Assert.Equal(TwinStatus.Unknown, forgotten.Status);
        Assert.Null(forgotten.Reading);
        Assert.Null(forgotten.Health.LastSeen);
        // So does the stored snapshot: a new activation (of a consenting child here, by the catalog) finds nothing.
        await fixture.Cluster.DeactivateAsync(grain);
        Assert.Null((await grain.GetAsync()).Reading);
        Assert.Null((await grain.GetAsync()).Health.LastSeen);
        await grain.SetConsentAsync(false);

        // A reading that raced the withdrawal is not applied.
        await grain.ApplyAsync(Readings.Of(now.AddMinutes(2), 3, ("lat", 36.72), ("lon", 137.21), ("battery_pct", 80)));
        Assert.Null((await grain.GetAsync()).Reading);

        await grain.SetConsentAsync(true);
        Assert.True(await grain.AdmitsAsync());
        Assert.Equal(ApplyOutcome.Applied, await grain.ApplyAsync(Readings.Of(now.AddMinutes(3), 4, ("lat", 36.72), ("lon", 137.21), ("battery_pct", 80))));
        Assert.Equal(TwinStatus.Normal, (await grain.GetAsync()).Status);
    }
}
