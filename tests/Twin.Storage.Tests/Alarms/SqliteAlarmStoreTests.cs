using Microsoft.Data.Sqlite;
using Twin.Storage.Alarms;
using Twin.Storage.Schema;
using Twin.Storage.Tests.Infrastructure;

namespace Twin.Storage.Tests.Alarms;

/// <summary>The alarm store on SQLite, a file of its own per test.</summary>
public sealed class SqliteAlarmStoreTests : AlarmStoreTests
{
    private readonly SqliteFileFixture _file = new();

    public override ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public override ValueTask DisposeAsync()
    {
        _file.Dispose();
        return ValueTask.CompletedTask;
    }

    protected override SqlAlarmStore Open() =>
        new SqliteAlarmStore(_file.Path, new SchemaInstaller(TestConfiguration.Options(TestConfiguration.Sqlite(_file.Path))));

    protected override ValueTask CloseAsync(SqlAlarmStore store)
    {
        // The next store must read the file, not a connection the pool kept open.
        SqliteConnection.ClearAllPools();
        return ValueTask.CompletedTask;
    }
}
