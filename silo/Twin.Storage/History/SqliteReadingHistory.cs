using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Twin.Grains.Abstractions;
using Twin.Storage.Schema;

namespace Twin.Storage.History;

/// <summary>The reading history in the embedded SQLite file: one transaction per batch on a dedicated writer connection.</summary>
public sealed class SqliteReadingHistory(
    string databasePath,
    SchemaInstaller installer,
    TwinStorageOptions.HistorySettings settings,
    TimeProvider timeProvider,
    ILogger<SqliteReadingHistory>? logger = null)
    : GroupCommitReadingHistory(settings, timeProvider, logger ?? NullLogger<SqliteReadingHistory>.Instance)
{
    private const string Columns = "ts, seq, received_at, reading";

    private readonly string _connectionString = SqliteConnectionStrings.For(databasePath);

    /// <summary>How often the background checkpointer copies the write-ahead log into the database file.</summary>
    private static readonly TimeSpan CheckpointInterval = TimeSpan.FromSeconds(1);

    private readonly ILogger _log = logger ?? NullLogger<SqliteReadingHistory>.Instance;
    private readonly CancellationTokenSource _stopCheckpoints = new();

    // Touched only by the single writer loop, so no locking.
    private SqliteConnection? _writerConnection;
    private SqliteCommand? _insert;
    private Task? _checkpointer;

    /// <inheritdoc />
    protected override async Task WriteBatchAsync(IReadOnlyList<PendingAppend> batch, CancellationToken ct)
    {
        try
        {
            var insert = await GetInsertCommandAsync(ct).ConfigureAwait(false);
            // BeginTransaction() is IMMEDIATE: the write lock is taken up front, so the batch cannot fail half-way on a lock upgrade.
            await using var transaction = _writerConnection!.BeginTransaction();
            insert.Transaction = transaction;
            var parameters = insert.Parameters;
            foreach (var pending in batch)
            {
                var record = pending.Record;
                parameters[0].Value = record.DeviceId;
                parameters[1].Value = HistoryTime.ToUnixMicroseconds(record.Ts);
                parameters[2].Value = record.Seq;
                parameters[3].Value = HistoryTime.ToUnixMicroseconds(record.ReceivedAt);
                parameters[4].Value = pending.Json;
                await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
            await transaction.CommitAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            // Start the next batch on a fresh connection rather than one in an unknown state.
            await ResetWriterAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>SQLITE_TOOBIG, SQLITE_CONSTRAINT and SQLITE_MISMATCH lie in a row's data; anything else (busy, I/O
    /// error, disk full, read-only) is an outage.</summary>
    protected override bool IsRowError(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: SQLitePCL.raw.SQLITE_TOOBIG or SQLitePCL.raw.SQLITE_CONSTRAINT or SQLitePCL.raw.SQLITE_MISMATCH };

    private async Task<SqliteCommand> GetInsertCommandAsync(CancellationToken ct)
    {
        if (_insert is not null)
        {
            return _insert;
        }
        await installer.EnsureInstalledAsync(ct).ConfigureAwait(false);
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct).ConfigureAwait(false);
        await using (var pragma = connection.CreateCommand())
        {
            // FULL: a commit is on disk (WAL fsync) before appenders are told it is durable. No automatic
            // checkpoint on this connection: SQLite would run it inside the commit that crosses the WAL's size
            // limit, and every appender waiting on the next batch would wait for the copy and its fsync too
            // (the p99 spikes). The checkpointer below does it beside the writer instead.
            // A 64 MB page cache (SQLite's default is 2 MB): at 100,000 devices the index leaves that rows land in
            // did not fit, and the writer read them back from the file for every row (3 preads a reading → 1.3).
            pragma.CommandText = "PRAGMA synchronous=FULL; PRAGMA wal_autocheckpoint=0; PRAGMA cache_size=-65536";
            await pragma.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        _checkpointer ??= Task.Run(CheckpointLoopAsync, CancellationToken.None);
        var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO twin_reading_history (device_id, ts, seq, received_at, reading) VALUES ($d, $t, $s, $r, $j)";
        insert.Parameters.Add("$d", SqliteType.Text);
        insert.Parameters.Add("$t", SqliteType.Integer);
        insert.Parameters.Add("$s", SqliteType.Integer);
        insert.Parameters.Add("$r", SqliteType.Integer);
        insert.Parameters.Add("$j", SqliteType.Text);
        _writerConnection = connection;
        _insert = insert;
        return insert;
    }

    private async ValueTask ResetWriterAsync()
    {
        if (_insert is not null)
        {
            await _insert.DisposeAsync().ConfigureAwait(false);
            _insert = null;
        }
        if (_writerConnection is not null)
        {
            await _writerConnection.DisposeAsync().ConfigureAwait(false);
            _writerConnection = null;
        }
    }

    /// <inheritdoc />
    public override async Task<IReadOnlyList<HistoryRecord>> ReadAsync(string deviceId, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken ct = default)
    {
        CheckRead(deviceId, limit);
        return await QueryAsync(
            $"SELECT {Columns} FROM twin_reading_history WHERE device_id = $d AND ts >= $from AND ts < $to ORDER BY ts, id LIMIT $limit",
            deviceId,
            command =>
            {
                command.Parameters.AddWithValue("$from", HistoryTime.ToUnixMicroseconds(HistoryTime.Truncate(from)));
                command.Parameters.AddWithValue("$to", HistoryTime.ToUnixMicroseconds(HistoryTime.Truncate(to)));
                command.Parameters.AddWithValue("$limit", limit);
            },
            ct).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task<IReadOnlyList<HistoryRecord>> ReadReceivedSinceAsync(string deviceId, DateTimeOffset receivedSince, CancellationToken ct = default)
    {
        CheckRead(deviceId, 1);
        return await QueryAsync(
            $"SELECT {Columns} FROM twin_reading_history WHERE device_id = $d AND received_at >= $since ORDER BY id",
            deviceId,
            command => command.Parameters.AddWithValue("$since", HistoryTime.ToUnixMicroseconds(HistoryTime.Truncate(receivedSince))),
            ct).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<HistoryRecord>> QueryAsync(string sql, string deviceId, Action<SqliteCommand> bind, CancellationToken ct)
    {
        await installer.EnsureInstalledAsync(ct).ConfigureAwait(false);
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$d", deviceId);
        bind(command);
        var result = new List<HistoryRecord>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            var ts = HistoryTime.FromUnixMicroseconds(reader.GetInt64(0));
            var seq = reader.GetInt64(1);
            var reading = ReadingJson.Deserialize(reader.GetString(3), ts, seq);
            result.Add(new HistoryRecord(deviceId, reading.Ts, seq, reading, HistoryTime.FromUnixMicroseconds(reader.GetInt64(2))));
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
            // Small chunks keep each write transaction short, so the history writer is never blocked for long.
            deleted = await ExecuteAsync(
                "DELETE FROM twin_reading_history WHERE id IN (SELECT id FROM twin_reading_history WHERE ts < $cutoff LIMIT 10000)",
                command => command.Parameters.AddWithValue("$cutoff", HistoryTime.ToUnixMicroseconds(cutoff)),
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
        var ids = System.Text.Json.JsonSerializer.Serialize(deviceIds);
        var before = cutoff is { } c ? HistoryTime.ToUnixMicroseconds(c) : long.MaxValue;
        long total = 0;
        int deleted;
        do
        {
            // By (device_id, ts), in chunks like the retention above.
            deleted = await ExecuteAsync(
                """
                DELETE FROM twin_reading_history WHERE id IN (
                    SELECT id FROM twin_reading_history WHERE device_id IN (SELECT value FROM json_each($ids)) AND ts < $cutoff LIMIT 10000)
                """,
                command =>
                {
                    command.Parameters.AddWithValue("$ids", ids);
                    command.Parameters.AddWithValue("$cutoff", before);
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
            DELETE FROM twin_reading_history WHERE id IN (
                SELECT id FROM (
                    SELECT id, row_number() OVER (PARTITION BY device_id, ts / $bucket ORDER BY ts, id) AS rn
                    FROM twin_reading_history WHERE ts >= $from AND ts < $to)
                WHERE rn > 1)
            """,
            command =>
            {
                command.Parameters.AddWithValue("$bucket", (long)bucket.TotalMicroseconds);
                command.Parameters.AddWithValue("$from", HistoryTime.ToUnixMicroseconds(from));
                command.Parameters.AddWithValue("$to", HistoryTime.ToUnixMicroseconds(to));
            },
            ct).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task<DateTimeOffset?> OldestTsAsync(CancellationToken ct = default)
    {
        await installer.EnsureInstalledAsync(ct).ConfigureAwait(false);
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT min(ts) FROM twin_reading_history";
        return await command.ExecuteScalarAsync(ct).ConfigureAwait(false) is long micros ? HistoryTime.FromUnixMicroseconds(micros) : null;
    }

    private async Task<int> ExecuteAsync(string sql, Action<SqliteCommand> bind, CancellationToken ct)
    {
        await installer.EnsureInstalledAsync(ct).ConfigureAwait(false);
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command);
        return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override async ValueTask DisposeCoreAsync()
    {
        await _stopCheckpoints.CancelAsync().ConfigureAwait(false);
        if (_checkpointer is not null)
        {
            await _checkpointer.ConfigureAwait(false);
        }
        _stopCheckpoints.Dispose();
        await ResetWriterAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Copies the write-ahead log into the database on its own connection, every second while the twin runs.
    /// PASSIVE never blocks the writer or readers; a log that is fully copied is restarted by the next commit,
    /// so the file stays small. Stops with the history.
    /// </summary>
    private async Task CheckpointLoopAsync()
    {
        var ct = _stopCheckpoints.Token;
        using var timer = new PeriodicTimer(CheckpointInterval);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                // A connection of its own, reopened after any failure, so the log never grows unchecked.
                await using var connection = new SqliteConnection(_connectionString);
                await connection.OpenAsync(ct).ConfigureAwait(false);
                await using var checkpoint = connection.CreateCommand();
                checkpoint.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
                do
                {
                    await checkpoint.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                }
                while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false));
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Stopping: SQLite checkpoints the log itself when the last connection to the file closes.
            }
            catch (Exception ex)
            {
                StorageLog.CheckpointFailed(_log, CheckpointInterval, ex);
                try
                {
                    await timer.WaitForNextTickAsync(ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Stopping.
                }
            }
        }
    }
}
