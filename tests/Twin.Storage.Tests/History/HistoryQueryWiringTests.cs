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
        var configuration = TestConfiguration.Build([
            ("Twin:Storage", storage),
            ("Twin:Sqlite:Path", Path.Combine(Path.GetTempPath(), $"twin-wiring-{Guid.NewGuid():N}.db")),
            ("ConnectionStrings:Twin", "Host=127.0.0.1;Database=never_opened"),
        ]);
        var services = new ServiceCollection().AddLogging();
        services.AddReadingHistory(configuration);
        await using var provider = services.BuildServiceProvider();

        Assert.IsType(expected, provider.GetRequiredService<IHistoryQuery>());
    }
}
