namespace Twin.Storage.Tests.Infrastructure;

/// <summary>A throwaway PostgreSQL database per test class.</summary>
public sealed class PostgresDatabaseFixture : IAsyncLifetime
{
    /// <summary>Connection string of this class's database.</summary>
    public string ConnectionString { get; private set; } = "";

    public async ValueTask InitializeAsync() => ConnectionString = await PostgresServer.CreateDatabaseAsync("twin_test");

    public async ValueTask DisposeAsync()
    {
        if (ConnectionString.Length > 0)
        {
            await PostgresServer.DropDatabaseAsync(ConnectionString);
        }
    }
}

/// <summary>A throwaway SQLite file per test class.</summary>
public sealed class SqliteFileFixture : IDisposable
{
    private readonly string _directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "twin-storage-tests", Guid.NewGuid().ToString("N"));

    /// <summary>The database file path (not yet created).</summary>
    public string Path => System.IO.Path.Combine(_directory, "twin.db");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
