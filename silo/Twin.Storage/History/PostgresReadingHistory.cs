using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;
using Twin.Grains.Abstractions;
using Twin.Storage.Schema;

namespace Twin.Storage.History;

/// <summary>The reading history in PostgreSQL: one binary COPY per batch.</summary>
public sealed class PostgresReadingHistory(
    string connectionString,
    SchemaInstaller installer,
    TwinStorageOptions.HistorySettings settings,
    TimeProvider timeProvider,
    ILogger<PostgresReadingHistory>? logger = null)
    : GroupCommitReadingHistory(settings, timeProvider, logger ?? NullLogger<PostgresReadingHistory>.Instance)
{
    private const string Columns = "ts, seq, received_at, reading::text";

    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    /// <inheritdoc />
    protected override async Task WriteBatchAsync(IReadOnlyList<PendingAppend> batch, CancellationToken ct)
    {
        await installer.EnsureInstalledAsync(ct).ConfigureAwait(false);
        await using var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        // A COPY is one statement, so it commits (or fails) as a whole: exactly the batch's all-or-nothing.
        await using var importer = await connection.BeginBinaryImportAsync(
            "COPY twin_reading_history (device_id, ts, seq, received_at, reading) FROM STDIN (FORMAT BINARY)", ct).ConfigureAwait(false);
        foreach (var pending in batch)
        {
            var record = pending.Record;
            await importer.StartRowAsync(ct).ConfigureAwait(false);
            await importer.WriteAsync(record.DeviceId, NpgsqlDbType.Text, ct).ConfigureAwait(false);
            await importer.WriteAsync(record.Ts.UtcDateTime, NpgsqlDbType.TimestampTz, ct).ConfigureAwait(false);
            await importer.WriteAsync(record.Seq, NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
            await importer.WriteAsync(record.ReceivedAt.UtcDateTime, NpgsqlDbType.TimestampTz, ct).ConfigureAwait(false);
            await importer.WriteAsync(pending.Json, NpgsqlDbType.Jsonb, ct).ConfigureAwait(false);
        }
        await importer.CompleteAsync(ct).ConfigureAwait(false);
    }

    /// <summary>SQLSTATE class 22 (data exception: text with NUL, <c>\u0000</c> in jsonb, a value out of range) and 23
    /// (integrity constraint) lie in a row's data; anything else (connection refused or lost, shutdown, out of space)
    /// is an outage.</summary>
    protected override bool IsRowError(Exception exception) =>
        exception is PostgresException { SqlState: ['2', '2' or '3', ..] };

    /// <inheritdoc />
    public override async Task<IReadOnlyList<HistoryRecord>> ReadAsync(string deviceId, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken ct = default)
    {
        CheckRead(deviceId, limit);
        return await QueryAsync(
            $"SELECT {Columns} FROM twin_reading_history WHERE device_id = $1 AND ts >= $2 AND ts < $3 ORDER BY ts, id LIMIT $4",
            deviceId,
            command =>
            {
                command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = HistoryTime.Truncate(from).UtcDateTime });
                command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = HistoryTime.Truncate(to).UtcDateTime });
                command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
            },
            ct).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task<IReadOnlyList<HistoryRecord>> ReadReceivedSinceAsync(string deviceId, DateTimeOffset receivedSince, CancellationToken ct = default)
    {
        CheckRead(deviceId, 1);
        return await QueryAsync(
            $"SELECT {Columns} FROM twin_reading_history WHERE device_id = $1 AND received_at >= $2 ORDER BY id",
            deviceId,
            command => command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = HistoryTime.Truncate(receivedSince).UtcDateTime }),
            ct).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<HistoryRecord>> QueryAsync(string sql, string deviceId, Action<NpgsqlCommand> bind, CancellationToken ct)
    {
        await installer.EnsureInstalledAsync(ct).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = deviceId });
        bind(command);
        var result = new List<HistoryRecord>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            var ts = reader.GetFieldValue<DateTimeOffset>(0);
            var seq = reader.GetInt64(1);
            var reading = ReadingJson.Deserialize(reader.GetString(3), ts, seq);
            result.Add(new HistoryRecord(deviceId, reading.Ts, seq, reading, reader.GetFieldValue<DateTimeOffset>(2)));
        }
        return result;
    }

    /// <inheritdoc />
    public override async Task<long> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken ct = default)
    {
        long total = 0;
        int deleted;
        do
        {
            // The table has no index on id (it would slow every COPY); ctid addresses the rows directly instead.
            deleted = await ExecuteAsync(
                "DELETE FROM twin_reading_history WHERE ctid = ANY(ARRAY(SELECT ctid FROM twin_reading_history WHERE ts < $1 LIMIT 10000))",
                command => command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = cutoff.UtcDateTime }),
                ct).ConfigureAwait(false);
            total += deleted;
        }
        while (deleted > 0);
        return total;
    }

    /// <inheritdoc />
    public override async Task<long> DeleteDevicesAsync(IReadOnlyCollection<string> deviceIds, DateTimeOffset? cutoff, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(deviceIds);
        if (deviceIds.Count == 0)
        {
            return 0;
        }
        var ids = deviceIds.ToArray();
        var before = (cutoff ?? DateTimeOffset.MaxValue).UtcDateTime;
        long total = 0;
        int deleted;
        do
        {
            deleted = await ExecuteAsync(
                "DELETE FROM twin_reading_history WHERE ctid = ANY(ARRAY(SELECT ctid FROM twin_reading_history WHERE device_id = ANY($1) AND ts < $2 LIMIT 10000))",
                command =>
                {
                    command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = ids });
                    command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = before });
                },
                ct).ConfigureAwait(false);
            total += deleted;
        }
        while (deleted > 0);
        return total;
    }

    /// <inheritdoc />
    public override async Task<long> DownsampleAsync(DateTimeOffset from, DateTimeOffset to, TimeSpan bucket, CancellationToken ct = default)
    {
        return await ExecuteAsync(
            """
            DELETE FROM twin_reading_history WHERE ctid = ANY(ARRAY(
                SELECT ctid FROM (
                    SELECT ctid, row_number() OVER (
                        PARTITION BY device_id, floor(extract(epoch FROM ts) * 1000000 / $3)
                        ORDER BY ts, id) AS rn
                    FROM twin_reading_history WHERE ts >= $1 AND ts < $2) ranked
                WHERE rn > 1))
            """,
            command =>
            {
                command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = from.UtcDateTime });
                command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = to.UtcDateTime });
                command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = (long)bucket.TotalMicroseconds });
            },
            ct).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task<DateTimeOffset?> OldestTsAsync(CancellationToken ct = default)
    {
        await installer.EnsureInstalledAsync(ct).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand("SELECT min(ts) FROM twin_reading_history");
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await reader.ReadAsync(ct).ConfigureAwait(false) && !reader.IsDBNull(0) ? reader.GetFieldValue<DateTimeOffset>(0) : null;
    }

    private async Task<int> ExecuteAsync(string sql, Action<NpgsqlCommand> bind, CancellationToken ct)
    {
        await installer.EnsureInstalledAsync(ct).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand(sql);
        bind(command);
        return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override ValueTask DisposeCoreAsync() => _dataSource.DisposeAsync();
}
