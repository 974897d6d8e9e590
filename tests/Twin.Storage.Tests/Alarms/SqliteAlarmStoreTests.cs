using Microsoft.Data.Sqlite;
using Twin.Storage.Alarms;
using Twin.Storage.Schema;
using Twin.Storage.Tests.Infrastructure;
using static Twin.Storage.Tests.Alarms.AlarmSamples;

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

    [Fact]
    public async Task TheRowsHoldTheContractsNamesForToolsThatReadTheDatabase()
    {
        var alarm = Raised("a-1", "pump-1");
        await Open().SaveAsync(alarm, [Entry("n-1", alarm)], Ct);

        await using var connection = new SqliteConnection($"Data Source={_file.Path}");
        await connection.OpenAsync(Ct);
        await using var command = new SqliteCommand(
            "SELECT a.state, a.severity, json_extract(a.alarm, '$.state'), json_extract(a.alarm, '$.transitions[0].action'), " +
            "o.channel, json_extract(o.notice, '$.alarm.last') IS NULL FROM twin_alarms AS a, twin_outbox AS o", connection);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        Assert.True(await reader.ReadAsync(Ct));
        Assert.Equal(("active-unacknowledged", "alarm", "active-unacknowledged", "raise", "webhook", true),
            (reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetBoolean(5)));
    }
}
