using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Twin.Grains.Abstractions;
using Twin.Grains.Abstractions.Alarms;
using Twin.Storage.History;
using Twin.Storage.Schema;

namespace Twin.Storage.Alarms;

/// <summary>
/// The alarms and their outbox on a SQL database: the statements both databases agree on live here, each database
/// states its claim and how it binds times and JSON.
/// </summary>
/// <remarks>
/// Every write runs in one transaction (on SQLite an IMMEDIATE one, so it never fails half-way on a lock upgrade).
/// Times are kept to the microsecond, as in the history; the alarm and the notice keep theirs exactly in their JSON,
/// while an entry's <see cref="OutboxEntry.DueAt"/> comes back from its column, in UTC.
/// </remarks>
public abstract class SqlAlarmStore(SchemaInstaller installer) : IAlarmStore, INotificationOutbox
{
    /// <summary>The outbox columns an entry is read from, in <see cref="ReadEntry"/>'s order.</summary>
    protected const string EntryColumns = "seq, id, alarm_id, source, channel, target, due_at, attempts, last_error, notice";

    /// <summary>
    /// Whether outbox row <c>c</c> may be claimed by <c>@owner</c> at <c>@now</c>: unsent, not parked, due, not under another
    /// owner's live lease, and the oldest unsent, unparked entry of its (alarm, channel, target).
    /// </summary>
    protected const string Claimable = """
        c.sent_at IS NULL AND c.parked_at IS NULL AND c.due_at <= @now
        AND (c.lease_until IS NULL OR c.lease_until <= @now OR c.lease_owner = @owner)
        AND NOT EXISTS (
            SELECT 1 FROM twin_outbox AS p
            WHERE p.alarm_id = c.alarm_id AND p.channel = c.channel AND p.target = c.target
              AND p.seq < c.seq AND p.sent_at IS NULL AND p.parked_at IS NULL)
        """;

    private const string Pending = "sent_at IS NULL AND parked_at IS NULL";

    private const string UpsertAlarmSql = """
        INSERT INTO twin_alarms (id, source, type, district, severity, state, raised_at, updated_at, alarm)
        VALUES (@id, @source, @type, @district, @severity, @state, @raisedAt, @updatedAt, @alarm)
        ON CONFLICT (id) DO UPDATE SET
            source = excluded.source, type = excluded.type, district = excluded.district, severity = excluded.severity,
            state = excluded.state, raised_at = excluded.raised_at, updated_at = excluded.updated_at, alarm = excluded.alarm
        """;

    private const string InsertEntrySql = """
        INSERT INTO twin_outbox (id, alarm_id, source, channel, target, due_at, attempts, last_error, notice)
        VALUES (@id, @alarmId, @source, @channel, @target, @dueAt, @attempts, @lastError, @notice)
        """;

    // Sent and parked are final: the first of them to arrive wins (a lease that ran out may have let a second sender in).
    private const string MarkSentSql =
        $"UPDATE twin_outbox SET sent_at = @at, attempts = attempts + 1, lease_owner = NULL, lease_until = NULL WHERE id = @id AND {Pending}";

    private const string RetrySql = $"""
        UPDATE twin_outbox SET due_at = @dueAt, attempts = attempts + 1, last_error = @error, lease_owner = NULL, lease_until = NULL
        WHERE id = @id AND {Pending}
        """;

    private const string ParkSql = $"""
        UPDATE twin_outbox SET parked_at = @at, attempts = attempts + 1, last_error = @error, lease_owner = NULL, lease_until = NULL
        WHERE id = @id AND {Pending}
        """;

    private const string ListParkedSql =
        $"SELECT {EntryColumns} FROM twin_outbox WHERE parked_at IS NOT NULL ORDER BY parked_at DESC, seq DESC LIMIT @limit";

    private const string CountSql =
        $"SELECT (SELECT count(*) FROM twin_outbox WHERE {Pending}), (SELECT count(*) FROM twin_outbox WHERE parked_at IS NOT NULL)";

    /// <summary>
    /// Leases up to <c>@max</c> <see cref="Claimable"/> rows, oldest first, to <c>@owner</c> until <c>@until</c> in one statement,
    /// returning their <see cref="EntryColumns"/>.
    /// </summary>
    protected abstract string ClaimSql { get; }

    /// <summary>An open connection to the database.</summary>
    protected abstract ValueTask<DbConnection> OpenConnectionAsync(CancellationToken ct);

    /// <summary>A time as the database's time columns take it.</summary>
    protected abstract object Time(DateTimeOffset time);

    /// <summary>A time column's value.</summary>
    protected abstract DateTimeOffset ReadTime(DbDataReader reader, int ordinal);

    /// <summary>Tells the database a parameter holds JSON (where its column type needs it).</summary>
    protected virtual void MarkJson(DbParameter parameter)
    {
    }

    /// <inheritdoc />
    public Task SaveAsync(Alarm alarm, IReadOnlyList<OutboxEntry> notifications, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(alarm);
        ArgumentNullException.ThrowIfNull(notifications);
        return WriteAsync(async (connection, transaction) =>
        {
            await using (var command = Command(connection, transaction, UpsertAlarmSql))
            {
                Bind(command, "@id", alarm.Id);
                Bind(command, "@source", alarm.Source);
                Bind(command, "@type", alarm.Type);
                Bind(command, "@district", alarm.District);
                Bind(command, "@severity", KebabCaseEnumConverter<TwinStatus>.Name(alarm.Severity));
                Bind(command, "@state", KebabCaseEnumConverter<AlarmState>.Name(alarm.State));
                Bind(command, "@raisedAt", Time(HistoryTime.Truncate(alarm.RaisedAt)));
                Bind(command, "@updatedAt", Time(HistoryTime.Truncate(alarm.Last?.At ?? alarm.RaisedAt)));
                BindJson(command, "@alarm", JsonSerializer.Serialize(alarm, AlarmJsonContext.Default.Alarm));
                await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
            await InsertAsync(connection, transaction, notifications, ct).ConfigureAwait(false);
            return 0;
        }, ct);
    }

    /// <inheritdoc />
    public Task EnqueueAsync(IReadOnlyList<OutboxEntry> notifications, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(notifications);
        return notifications.Count == 0
            ? Task.CompletedTask
            : WriteAsync(async (connection, transaction) =>
            {
                await InsertAsync(connection, transaction, notifications, ct).ConfigureAwait(false);
                return 0;
            }, ct);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Alarm>> ReadOpenAsync(string source, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        return ReadAlarmsAsync("SELECT alarm FROM twin_alarms WHERE source = @source AND state <> @normal ORDER BY raised_at, id", command =>
        {
            Bind(command, "@source", source);
            Bind(command, "@normal", KebabCaseEnumConverter<AlarmState>.Name(AlarmState.Normal));
        }, ct);
    }

    /// <inheritdoc />
    public async Task<Alarm?> GetAsync(string id, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var alarms = await ReadAlarmsAsync("SELECT alarm FROM twin_alarms WHERE id = @id", command => Bind(command, "@id", id), ct).ConfigureAwait(false);
        return alarms.Count == 0 ? null : alarms[0];
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Alarm>> QueryAsync(AlarmQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Limit);
        var sql = new StringBuilder("SELECT alarm FROM twin_alarms WHERE ");
        var values = new List<(string Name, string Value)>();
        if (query.States.IsDefaultOrEmpty)
        {
            sql.Append("state <> @normal");
            values.Add(("@normal", KebabCaseEnumConverter<AlarmState>.Name(AlarmState.Normal)));
        }
        else
        {
            In(sql, values, "state", query.States.Select(KebabCaseEnumConverter<AlarmState>.Name));
        }
        if (!query.Districts.IsDefaultOrEmpty)
        {
            In(sql.Append(" AND "), values, "district", query.Districts);
        }
        if (!query.Severities.IsDefaultOrEmpty)
        {
            In(sql.Append(" AND "), values, "severity", query.Severities.Select(KebabCaseEnumConverter<TwinStatus>.Name));
        }
        if (!query.Types.IsDefaultOrEmpty)
        {
            In(sql.Append(" AND "), values, "type", query.Types);
        }
        sql.Append(" ORDER BY raised_at DESC, id DESC LIMIT @limit");
        return ReadAlarmsAsync(sql.ToString(), command =>
        {
            foreach (var (name, value) in values)
            {
                Bind(command, name, value);
            }
            Bind(command, "@limit", query.Limit);
        }, ct);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<OutboxEntry>> ClaimDueAsync(string owner, DateTimeOffset now, TimeSpan lease, int max, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        if (max == 0)
        {
            return Task.FromResult<IReadOnlyList<OutboxEntry>>([]);
        }
        return WriteAsync<IReadOnlyList<OutboxEntry>>(async (connection, transaction) =>
        {
            await using var command = Command(connection, transaction, ClaimSql);
            Bind(command, "@owner", owner);
            Bind(command, "@now", Time(HistoryTime.Truncate(now)));
            Bind(command, "@until", Time(HistoryTime.Truncate(now + lease)));
            Bind(command, "@max", max);
            var claimed = await ReadEntriesAsync(command, ct).ConfigureAwait(false);
            // RETURNING gives no order; callers send in the order written.
            claimed.Sort((a, b) => a.Seq.CompareTo(b.Seq));
            return [.. claimed.Select(c => c.Entry)];
        }, ct);
    }

    /// <inheritdoc />
    public Task MarkSentAsync(string id, DateTimeOffset at, CancellationToken ct = default) =>
        UpdateEntryAsync(MarkSentSql, id, command => Bind(command, "@at", Time(HistoryTime.Truncate(at))), ct);

    /// <inheritdoc />
    public Task RetryAsync(string id, DateTimeOffset dueAt, string error, CancellationToken ct = default) =>
        UpdateEntryAsync(RetrySql, id, command =>
        {
            Bind(command, "@dueAt", Time(HistoryTime.Truncate(dueAt)));
            Bind(command, "@error", error);
        }, ct);

    /// <inheritdoc />
    public Task ParkAsync(string id, DateTimeOffset at, string error, CancellationToken ct = default) =>
        UpdateEntryAsync(ParkSql, id, command =>
        {
            Bind(command, "@at", Time(HistoryTime.Truncate(at)));
            Bind(command, "@error", error);
        }, ct);

    /// <inheritdoc />
    public async Task<IReadOnlyList<OutboxEntry>> ListParkedAsync(int limit, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var command = Command(connection, null, ListParkedSql);
        Bind(command, "@limit", limit);
        var entries = await ReadEntriesAsync(command, ct).ConfigureAwait(false);
        return [.. entries.Select(e => e.Entry)];
    }

    /// <inheritdoc />
    public async Task<(long Pending, long Parked)> CountAsync(CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var command = Command(connection, null, CountSql);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await reader.ReadAsync(ct).ConfigureAwait(false);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private async Task InsertAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<OutboxEntry> notifications, CancellationToken ct)
    {
        if (notifications.Count == 0)
        {
            return;
        }
        await using var command = Command(connection, transaction, InsertEntrySql);
        foreach (var entry in notifications)
        {
            ArgumentNullException.ThrowIfNull(entry);
            command.Parameters.Clear();
            Bind(command, "@id", entry.Id);
            Bind(command, "@alarmId", entry.AlarmId);
            Bind(command, "@source", entry.Source);
            Bind(command, "@channel", KebabCaseEnumConverter<NotificationChannel>.Name(entry.Channel));
            Bind(command, "@target", entry.Target);
            Bind(command, "@dueAt", Time(HistoryTime.Truncate(entry.DueAt)));
            Bind(command, "@attempts", entry.Attempts);
            Bind(command, "@lastError", entry.LastError);
            BindJson(command, "@notice", JsonSerializer.Serialize(entry.Notice, AlarmJsonContext.Default.AlarmNotice));
            await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
    }

    private async Task UpdateEntryAsync(string sql, string id, Action<DbCommand> bind, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        await WriteAsync(async (connection, transaction) =>
        {
            await using var command = Command(connection, transaction, sql);
            Bind(command, "@id", id);
            bind(command);
            return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }, ct).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<Alarm>> ReadAlarmsAsync(string sql, Action<DbCommand> bind, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var command = Command(connection, null, sql);
        bind(command);
        var alarms = new List<Alarm>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            alarms.Add(JsonSerializer.Deserialize(reader.GetString(0), AlarmJsonContext.Default.Alarm)
                ?? throw new InvalidDataException("A stored alarm is JSON null."));
        }
        return alarms;
    }

    private async Task<List<(long Seq, OutboxEntry Entry)>> ReadEntriesAsync(DbCommand command, CancellationToken ct)
    {
        var entries = new List<(long Seq, OutboxEntry Entry)>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            entries.Add((reader.GetInt64(0), ReadEntry(reader)));
        }
        return entries;
    }

    /// <summary>An entry from a row of <see cref="EntryColumns"/>.</summary>
    private OutboxEntry ReadEntry(DbDataReader reader)
    {
        var notice = JsonSerializer.Deserialize(reader.GetString(9), AlarmJsonContext.Default.AlarmNotice)
            ?? throw new InvalidDataException("A stored notice is JSON null.");
        return new OutboxEntry(
            reader.GetString(1),
            reader.GetString(2),
            reader.GetString(3),
            ParseChannel(reader.GetString(4)),
            reader.GetString(5),
            ReadTime(reader, 6),
            notice)
        {
            Attempts = reader.GetInt32(7),
            LastError = reader.IsDBNull(8) ? null : reader.GetString(8),
        };
    }

    private static NotificationChannel ParseChannel(string name)
    {
        foreach (var channel in Enum.GetValues<NotificationChannel>())
        {
            if (KebabCaseEnumConverter<NotificationChannel>.Name(channel) == name)
            {
                return channel;
            }
        }
        throw new InvalidDataException($"Unknown notification channel '{name}' in twin_outbox.");
    }

    /// <summary>Runs <paramref name="write"/> in one transaction and commits it; any failure rolls all of it back.</summary>
    private async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> write, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        // Microsoft.Data.Sqlite begins IMMEDIATE by default; PostgreSQL's default READ COMMITTED is what the claim relies on.
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        var result = await write(connection, transaction).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return result;
    }

    private async ValueTask<DbConnection> OpenAsync(CancellationToken ct)
    {
        await installer.EnsureInstalledAsync(ct).ConfigureAwait(false);
        return await OpenConnectionAsync(ct).ConfigureAwait(false);
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    /// <summary>Appends <c>column IN (@column0, @column1, …)</c> and the values to bind.</summary>
    private static void In(StringBuilder sql, List<(string Name, string Value)> values, string column, IEnumerable<string> items)
    {
        sql.Append(column).Append(" IN (");
        var i = 0;
        foreach (var item in items.Distinct(StringComparer.Ordinal))
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"@{column}{i}");
            sql.Append(i++ == 0 ? "" : ", ").Append(name);
            values.Add((name, item));
        }
        sql.Append(')');
    }

    private void BindJson(DbCommand command, string name, string json) => MarkJson(Bind(command, name, json));

    private static DbParameter Bind(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
