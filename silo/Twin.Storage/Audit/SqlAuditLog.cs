using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;
using Twin.Storage.Schema;

namespace Twin.Storage.Audit;

/// <summary>The audit log in the twin's SQLite file or PostgreSQL database (table <c>twin_audit_log</c>, whose triggers refuse every change).</summary>
public sealed class SqlAuditLog : SqlStore, IAuditLog
{
    private SqlAuditLog(Func<DbConnection> connect, bool textTimes, SchemaInstaller installer) : base(connect, textTimes, installer)
    {
    }

    /// <summary>The log of the SQLite file at <paramref name="path"/>.</summary>
    public static SqlAuditLog Sqlite(string path, SchemaInstaller installer)
    {
        var connectionString = SqliteConnectionStrings.For(path);
        return new SqlAuditLog(() => new SqliteConnection(connectionString), textTimes: true, installer);
    }

    /// <summary>The log of the PostgreSQL database.</summary>
    public static SqlAuditLog Postgres(string connectionString, SchemaInstaller installer) =>
        new(() => new NpgsqlConnection(connectionString), textTimes: false, installer);

    /// <inheritdoc />
    public async Task AppendAsync(AuditEntry entry, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var command = Command(connection,
            "INSERT INTO twin_audit_log (at, actor, action, target, details) VALUES (@at, @actor, @action, @target, @details)",
            ("at", Time(entry.At)), ("actor", entry.Actor), ("action", entry.Action), ("target", entry.Target), ("details", entry.Details));
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var sql = new StringBuilder("SELECT at, actor, action, target, details FROM twin_audit_log WHERE 1 = 1");
        var parameters = new List<(string, object)>();
        if (query.From is { } from)
        {
            sql.Append(" AND at >= @from");
            parameters.Add(("from", Time(from)));
        }
        if (query.To is { } to)
        {
            sql.Append(" AND at < @to");
            parameters.Add(("to", Time(to)));
        }
        if (query.Actor is { } actor)
        {
            sql.Append(" AND actor = @actor");
            parameters.Add(("actor", actor));
        }
        sql.Append(" ORDER BY at, id LIMIT @limit");
        parameters.Add(("limit", query.Limit));
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var command = Command(connection, sql.ToString(), [.. parameters]);
        var entries = new List<AuditEntry>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            entries.Add(new AuditEntry(reader.GetFieldValue<DateTimeOffset>(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4)));
        }
        return entries;
    }
}
