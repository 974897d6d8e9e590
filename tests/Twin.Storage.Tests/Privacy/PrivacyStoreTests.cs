using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using Twin.Storage.Audit;
using Twin.Storage.Consent;
using Twin.Storage.Schema;
using Twin.Storage.Tests.Infrastructure;

namespace Twin.Storage.Tests.Privacy;

/// <summary>The consent register's and the audit log's contract, run against every store.</summary>
public abstract class PrivacyStoreTests
{
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(9));

    protected abstract IConsentStore Consent { get; }

    protected abstract IAuditLog Audit { get; }

    [Fact]
    public async Task TheRegisterIsSeededOnceAndADecisionReplacesTheLastWithWhoAndWhen()
    {
        var seed = Enumerable.Range(1, 10).Select(i => new ConsentRecord($"ct-{i:00000}", i % 2 == 0, "demo-seed", "", "system", T0)).ToList();
        Assert.True(await Consent.SeedIfEmptyAsync(seed, Ct));
        Assert.False(await Consent.SeedIfEmptyAsync([new ConsentRecord("ct-99999", true, "demo-seed", "", "system", T0)], Ct));
        Assert.Equal(10, (await Consent.ListAsync(Ct)).Count);
        Assert.Equal(5, (await Consent.ListAsync(Ct)).Count(r => r.Granted));

        var withdrawn = new ConsentRecord("ct-00002", false, "withdrawn by phone", "mother called the school", "school-es-01", T0.AddHours(2));
        await Consent.PutAsync(withdrawn, Ct);

        Assert.Equal(withdrawn, await Consent.FindAsync("ct-00002", Ct));
        Assert.Null(await Consent.FindAsync("ct-99999", Ct));
        Assert.Equal(10, (await Consent.ListAsync(Ct)).Count);
    }

    [Fact]
    public async Task TheAuditLogReadsBackByTimeAndActorOldestFirst()
    {
        var actor = $"admin-{Guid.NewGuid():N}";
        await Audit.AppendAsync(new AuditEntry(T0.AddMinutes(2), actor, "consent.revoke", "ct-00002", "basis: phone"), Ct);
        await Audit.AppendAsync(new AuditEntry(T0, actor, "account.create", "alice", "created with roles operator"), Ct);
        await Audit.AppendAsync(new AuditEntry(T0.AddMinutes(1), "someone-else", "alarm.ack", "a-1", ""), Ct);

        Assert.Equal(["account.create", "consent.revoke"], (await Audit.QueryAsync(new AuditQuery(Actor: actor), Ct)).Select(e => e.Action));
        var window = await Audit.QueryAsync(new AuditQuery(T0.AddMinutes(1), T0.AddMinutes(2)), Ct);
        Assert.Equal([new AuditEntry(T0.AddMinutes(1), "someone-else", "alarm.ack", "a-1", "")], window);
    }

    /// <summary>For the databases: the audit table refuses UPDATE and DELETE whoever asks.</summary>
    protected static async Task AssertAppendOnlyAsync(DbConnection connection)
    {
        await using var owned = connection;
        await connection.OpenAsync(Ct);
        foreach (var sql in new[] { "UPDATE twin_audit_log SET actor = 'nobody'", "DELETE FROM twin_audit_log" })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            var error = await Assert.ThrowsAnyAsync<DbException>(() => command.ExecuteNonQueryAsync(Ct));
            Assert.Contains("append-only", error.Message, StringComparison.Ordinal);
        }
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM twin_audit_log";
        Assert.True(Convert.ToInt64(await count.ExecuteScalarAsync(Ct), System.Globalization.CultureInfo.InvariantCulture) > 0);
    }
}

/// <summary>In memory.</summary>
public sealed class MemoryPrivacyStoreTests : PrivacyStoreTests
{
    protected override IConsentStore Consent { get; } = new MemoryConsentStore();

    protected override IAuditLog Audit { get; } = new MemoryAuditLog();
}

/// <summary>In SQLite (a file per test).</summary>
public sealed class SqlitePrivacyStoreTests : PrivacyStoreTests, IDisposable
{
    private readonly SqliteFileFixture _file = new();

    public SqlitePrivacyStoreTests()
    {
        var installer = new SchemaInstaller(TestConfiguration.Options(TestConfiguration.Sqlite(_file.Path)));
        Consent = SqlConsentStore.Sqlite(_file.Path, installer);
        Audit = SqlAuditLog.Sqlite(_file.Path, installer);
    }

    protected override IConsentStore Consent { get; }

    protected override IAuditLog Audit { get; }

    [Fact]
    public async Task TheAuditTableIsAppendOnly()
    {
        await Audit.AppendAsync(new AuditEntry(DateTimeOffset.UnixEpoch, "admin", "account.create", "alice", ""), Ct);
        await AssertAppendOnlyAsync(new SqliteConnection($"Data Source={_file.Path}"));
    }

    public void Dispose() => _file.Dispose();
}

/// <summary>In PostgreSQL (a database per test class).</summary>
public sealed class PostgresPrivacyStoreTests : PrivacyStoreTests, IAsyncLifetime
{
    private readonly PostgresDatabaseFixture _database = new();
    private IConsentStore? _consent;
    private IAuditLog? _audit;

    protected override IConsentStore Consent => _consent!;

    protected override IAuditLog Audit => _audit!;

    public async ValueTask InitializeAsync()
    {
        await _database.InitializeAsync();
        var installer = new SchemaInstaller(TestConfiguration.Options(TestConfiguration.Postgres(_database.ConnectionString)));
        _consent = SqlConsentStore.Postgres(_database.ConnectionString, installer);
        _audit = SqlAuditLog.Postgres(_database.ConnectionString, installer);
    }

    [Fact]
    public async Task TheAuditTableIsAppendOnly()
    {
        await Audit.AppendAsync(new AuditEntry(DateTimeOffset.UnixEpoch, "admin", "account.create", "alice", ""), Ct);
        await AssertAppendOnlyAsync(new NpgsqlConnection(_database.ConnectionString));
    }

    public ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        return _database.DisposeAsync();
    }
}
