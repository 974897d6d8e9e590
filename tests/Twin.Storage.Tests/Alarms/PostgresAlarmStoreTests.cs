using System.Collections.Concurrent;
using Twin.Grains.Abstractions.Alarms;
using Twin.Storage.Alarms;
using Twin.Storage.Schema;
using Twin.Storage.Tests.Infrastructure;
using static Twin.Storage.Tests.Alarms.AlarmSamples;

namespace Twin.Storage.Tests.Alarms;

/// <summary>The alarm store on PostgreSQL, a database of its own per test; and silos claiming from one outbox at once.</summary>
public sealed class PostgresAlarmStoreTests : AlarmStoreTests
{
    private readonly List<PostgresAlarmStore> _stores = [];
    private string _connectionString = "";

    public override async ValueTask InitializeAsync() => _connectionString = await PostgresServer.CreateDatabaseAsync("twin_alarms");

    public override async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }
        if (_connectionString.Length > 0)
        {
            await PostgresServer.DropDatabaseAsync(_connectionString);
        }
    }

    protected override SqlAlarmStore Open()
    {
        var store = new PostgresAlarmStore(_connectionString, new SchemaInstaller(TestConfiguration.Options(TestConfiguration.Postgres(_connectionString))));
        _stores.Add(store);
        return store;
    }

    protected override async ValueTask CloseAsync(SqlAlarmStore store) => await ((PostgresAlarmStore)store).DisposeAsync();

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
        // Three silos with four senders each, each with its own pool: every sender claims a few, sends, and comes back.
        var silos = Enumerable.Range(1, 3).Select(_ => Open()).ToList();
        var claims = new ConcurrentQueue<(string Owner, string Id)>();
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
            }
            Assert.Fail($"{owner} still found entries pending after 10,000 claims.");
        }, Ct))));

        var ids = claims.Select(c => c.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(2 * Alarms, ids.Count);
        Assert.True(claims.Select(c => c.Owner).Distinct().Count() > 1, "the claims should have been shared between senders");
        Assert.Equal((0, 0), await writer.CountAsync(Ct));
    }
}
