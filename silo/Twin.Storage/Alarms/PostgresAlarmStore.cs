using System.Data.Common;
using Npgsql;
using NpgsqlTypes;
using Twin.Storage.Schema;

namespace Twin.Storage.Alarms;

/// <summary>The alarms and their outbox in PostgreSQL (jsonb payloads, timestamptz times).</summary>
/// <remarks>
/// Several silos claim at once: the claim locks the rows it picks with <c>FOR UPDATE SKIP LOCKED</c> and leases them in the
/// same statement, so a row another claimer holds is passed over, and one it has just leased fails the lease check when
/// the statement re-reads the row.
/// </remarks>
public sealed class PostgresAlarmStore(string connectionString, SchemaInstaller installer) : SqlAlarmStore(installer), IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    /// <inheritdoc />
    protected override string ClaimSql { get; } = $"""
        WITH picked AS (
            SELECT c.seq AS picked_seq FROM twin_outbox AS c
            WHERE {Claimable}
            ORDER BY c.seq LIMIT @max
            FOR UPDATE OF c SKIP LOCKED)
        UPDATE twin_outbox SET lease_owner = @owner, lease_until = @until
        FROM picked WHERE seq = picked.picked_seq
        RETURNING {EntryColumns}
        """;

    /// <inheritdoc />
    protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken ct) =>
        await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);

    /// <inheritdoc />
    protected override object Time(DateTimeOffset time) => time.UtcDateTime;

    /// <inheritdoc />
    protected override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    /// <inheritdoc />
    protected override void MarkJson(DbParameter parameter) => ((NpgsqlParameter)parameter).NpgsqlDbType = NpgsqlDbType.Jsonb;

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
