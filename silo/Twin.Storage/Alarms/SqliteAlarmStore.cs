using System.Data.Common;
using Twin.Storage.History;
using Twin.Storage.Schema;

namespace Twin.Storage.Alarms;

/// <summary>The alarms and their outbox in the embedded SQLite file (times are Unix microseconds).</summary>
/// <remarks>One writer at a time: every write, the claim included, holds the file's write lock from its start (BEGIN IMMEDIATE).</remarks>
public sealed class SqliteAlarmStore(string databasePath, SchemaInstaller installer) : SqlAlarmStore(installer)
{
    private readonly string _connectionString = SqliteConnectionStrings.For(databasePath);

    /// <inheritdoc />
    protected override string ClaimSql { get; } = $"""
        UPDATE twin_outbox SET lease_owner = @owner, lease_until = @until
        WHERE seq IN (SELECT c.seq FROM twin_outbox AS c WHERE {Claimable} ORDER BY c.seq LIMIT @max)
        RETURNING {EntryColumns}
        """;

    /// <inheritdoc />
    protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken ct) =>
        await DbConnections.OpenAsync(new Microsoft.Data.Sqlite.SqliteConnection(_connectionString), ct).ConfigureAwait(false);

    /// <inheritdoc />
    protected override object Time(DateTimeOffset time) => HistoryTime.ToUnixMicroseconds(time);

    /// <inheritdoc />
    protected override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) => HistoryTime.FromUnixMicroseconds(reader.GetInt64(ordinal));
}
