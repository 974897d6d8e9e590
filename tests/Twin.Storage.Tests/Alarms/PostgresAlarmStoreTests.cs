using Twin.Storage.Alarms;
using Twin.Storage.Schema;
using Twin.Storage.Tests.Infrastructure;

namespace Twin.Storage.Tests.Alarms;

/// <summary>The alarm store on PostgreSQL, a database of its own per test.</summary>
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
}
