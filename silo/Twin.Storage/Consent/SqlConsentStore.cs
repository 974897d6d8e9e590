using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using Twin.Storage.Schema;

namespace Twin.Storage.Consent;

/// <summary>The consent register in the twin's SQLite file or PostgreSQL database (table <c>twin_child_consent</c>); the queries are the same on both.</summary>
public sealed class SqlConsentStore : SqlStore, IConsentStore
{
    private const string Columns = "device_id, granted, basis, comment, actor, changed_at";

    private SqlConsentStore(Func<DbConnection> connect, bool textTimes, SchemaInstaller installer) : base(connect, textTimes, installer)
    {
    }

    /// <summary>The register of the SQLite file at <paramref name="path"/>.</summary>
    public static SqlConsentStore Sqlite(string path, SchemaInstaller installer)
    {
        var connectionString = SqliteConnectionStrings.For(path);
        return new SqlConsentStore(() => new SqliteConnection(connectionString), textTimes: true, installer);
    }

    /// <summary>The register of the PostgreSQL database.</summary>
    public static SqlConsentStore Postgres(string connectionString, SchemaInstaller installer) =>
        new(() => new NpgsqlConnection(connectionString), textTimes: false, installer);

    /// <inheritdoc />
    public async Task<ConsentRecord?> FindAsync(string deviceId, CancellationToken ct = default)
    {
        var found = await QueryAsync($"SELECT {Columns} FROM twin_child_consent WHERE device_id = @id", ct, ("id", deviceId)).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ConsentRecord>> ListAsync(CancellationToken ct = default) =>
        QueryAsync($"SELECT {Columns} FROM twin_child_consent ORDER BY device_id", ct);

    /// <inheritdoc />
    public async Task PutAsync(ConsentRecord record, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var command = Upsert(connection, record);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> SeedIfEmptyAsync(IReadOnlyCollection<ConsentRecord> records, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        if (!TextTimes)
        {
            // Two PostgreSQL silos starting together: the second waits here and then finds the register filled.
            await using var lockTable = Command(connection, "LOCK TABLE twin_child_consent IN EXCLUSIVE MODE");
            lockTable.Transaction = transaction;
            await lockTable.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await using (var count = Command(connection, "SELECT count(*) FROM twin_child_consent"))
        {
            count.Transaction = transaction;
            if (Convert.ToInt64(await count.ExecuteScalarAsync(ct).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) > 0)
            {
                return false;
            }
        }
        foreach (var record in records)
        {
            await using var insert = Upsert(connection, record);
            insert.Transaction = transaction;
            await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return true;
    }

    private DbCommand Upsert(DbConnection connection, ConsentRecord r) => Command(connection,
        $"""
        INSERT INTO twin_child_consent ({Columns}) VALUES (@id, @granted, @basis, @comment, @actor, @at)
        ON CONFLICT (device_id) DO UPDATE SET granted = excluded.granted, basis = excluded.basis, comment = excluded.comment,
            actor = excluded.actor, changed_at = excluded.changed_at
        """,
        ("id", r.DeviceId), ("granted", r.Granted), ("basis", r.Basis), ("comment", r.Comment), ("actor", r.Actor), ("at", Time(r.ChangedAt)));

    private async Task<IReadOnlyList<ConsentRecord>> QueryAsync(string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var command = Command(connection, sql, parameters);
        var records = new List<ConsentRecord>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            records.Add(new ConsentRecord(
                reader.GetString(0), reader.GetBoolean(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetFieldValue<DateTimeOffset>(5)));
        }
        return records;
    }
}
