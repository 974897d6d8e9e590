using Microsoft.Extensions.DependencyInjection;
using Twin.Storage.History;
using Twin.Storage.Tests.Infrastructure;

namespace Twin.Storage.Tests.History;

/// <summary>The read side is registered beside the reading history, on the same storage.</summary>
public sealed class HistoryQueryWiringTests
{
    [Theory]
    [InlineData("Sqlite", typeof(SqliteHistoryQuery))]
    [InlineData("Postgres", typeof(PostgresHistoryQuery))]
    [InlineData("Memory", typeof(MemoryHistoryQuery))]
    public async Task TheHistoryQueryFollowsTwinStorage(string storage, Type expected)
    {
        await using var provider = StorageServices.Build(storage);

        Assert.IsType(expected, provider.GetRequiredService<IHistoryQuery>());
    }
}
