using Microsoft.Extensions.DependencyInjection;
using Twin.Grains.Abstractions.Alarms;
using Twin.Storage.Alarms;
using Twin.Storage.Tests.Infrastructure;

namespace Twin.Storage.Tests.Alarms;

/// <summary>The alarm store is registered with the rest of the storage, one instance serving both interfaces.</summary>
public sealed class AlarmStoreWiringTests
{
    [Theory]
    [InlineData("Sqlite", typeof(SqliteAlarmStore))]
    [InlineData("Postgres", typeof(PostgresAlarmStore))]
    public async Task OneStoreFollowingTwinStorageIsBothTheAlarmStoreAndTheOutbox(string storage, Type expected)
    {
        await using var provider = StorageServices.Build(storage);

        var store = provider.GetRequiredService<IAlarmStore>();
        Assert.IsType(expected, store);
        Assert.Same(store, provider.GetRequiredService<INotificationOutbox>());
    }
}
