using System.Collections.Immutable;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Twin.Grains.Abstractions;
using Twin.Storage.Schema;

namespace Twin.Storage.History;

/// <summary>
/// The history's queries on a SQL database: each database states them in its own SQL, this class binds them and turns
/// their rows into readings as they arrive, so a long answer is never held in memory.
/// </summary>
/// <remarks>
/// Every statement takes <c>@d</c> (device), <c>@from</c>, <c>@to</c> (bound by <see cref="Time"/>); the raw read adds
/// <c>@limit</c>; the count <c>@limit</c> too; the aggregate adds <c>@origin</c> and <c>@step</c> (Unix microseconds). The raw
/// read returns <c>(ts as Unix microseconds, seq, reading JSON)</c>, the fields query <c>(field or null, flagged)</c>, and the
/// aggregate <c>(bucket, last seq, last state, field or null, average)</c> ordered by bucket.
/// </remarks>
public abstract class SqlHistoryQuery(SchemaInstaller installer) : IHistoryQuery
{
    // Counts no further than @limit: the (device_id, ts) index answers it without reading a row.
    private const string CountSql =
        "SELECT count(*) FROM (SELECT 1 FROM twin_reading_history WHERE device_id = @d AND ts >= @from AND ts < @to LIMIT @limit) AS capped";

    /// <summary>Distinct (field name, flagged) pairs of the window's readings; a reading without fields gives a null name.</summary>
    protected abstract string FieldsSql { get; }

    /// <summary>The window's readings, repeated deliveries left out, by ts then commit order, at most <c>@limit</c>.</summary>
    protected abstract string ReadSql { get; }

    /// <summary>Per bucket of the window's unflagged, distinct readings: the last reading's seq and state, and each field's average (see <see cref="Aggregate"/>).</summary>
    protected abstract string AggregateSql { get; }

    /// <summary>
    /// The aggregate from its database's three parts: <c>kept</c>, the unflagged distinct readings with their
    /// <c>bucket</c>; <c>latest</c>, per bucket the last one's <c>(bucket, seq, state)</c>; <c>averages</c>,
    /// <c>(bucket, key, average)</c> per field. A bucket whose readings carry no numbers still gives its row.
    /// </summary>
    protected static string Aggregate(string kept, string latest, string averages) => $"""
        WITH kept AS ({kept}),
        latest AS ({latest}),
        averages AS ({averages})
        SELECT latest.bucket, latest.seq, latest.state, averages.key, averages.average
        FROM latest LEFT JOIN averages ON averages.bucket = latest.bucket
        ORDER BY latest.bucket
        """;

    /// <summary>
    /// The window's readings <c>(id, ts, seq, reading)</c>, <paramref name="filter"/> added to the condition, each reading's
    /// first delivery only (the log keeps repeated deliveries: same seq and ts).
    /// </summary>
    protected static string DistinctReadings(string filter) => $"""
        SELECT id, ts, seq, reading FROM (
            SELECT id, ts, seq, reading, row_number() OVER (PARTITION BY ts, seq ORDER BY id) AS delivery
            FROM twin_reading_history
            WHERE device_id = @d AND ts >= @from AND ts < @to {filter}) AS deliveries
        WHERE delivery = 1
        """;

    /// <summary>An open connection to the database.</summary>
    protected abstract ValueTask<DbConnection> OpenConnectionAsync(CancellationToken ct);

    /// <summary>A time as the database's ts column takes it.</summary>
    protected abstract object Time(DateTimeOffset time);

    /// <inheritdoc />
    public async Task<int> CountAsync(string deviceId, DateTimeOffset from, DateTimeOffset to, int atMost, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(atMost);
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var command = Command(connection, CountSql, deviceId, from, to);
        Bind(command, "@limit", atMost);
        return Convert.ToInt32(await command.ExecuteScalarAsync(ct).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    public async Task<HistoryFields> FieldsAsync(string deviceId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var command = Command(connection, FieldsSql, deviceId, from, to);
        var names = new SortedSet<string>(StringComparer.Ordinal);
        var flagged = false;
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            if (!reader.IsDBNull(0))
            {
                names.Add(reader.GetString(0));
            }
            flagged |= reader.GetBoolean(1);
        }
        return new HistoryFields([.. names], flagged);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<Reading> ReadAsync(string deviceId, DateTimeOffset from, DateTimeOffset to, int limit,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var command = Command(connection, ReadSql, deviceId, from, to);
        Bind(command, "@limit", limit);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            yield return ReadingJson.Deserialize(reader.GetString(2), HistoryTime.FromUnixMicroseconds(reader.GetInt64(0)), reader.GetInt64(1));
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<Reading> AggregateAsync(string deviceId, DateTimeOffset from, DateTimeOffset to, TimeSpan step,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        var stepMicros = (long)step.TotalMicroseconds;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stepMicros, nameof(step));
        from = HistoryTime.Truncate(from);
        step = TimeSpan.FromMicroseconds(stepMicros);
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var command = Command(connection, AggregateSql, deviceId, from, to);
        Bind(command, "@origin", HistoryTime.ToUnixMicroseconds(from));
        Bind(command, "@step", stepMicros);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        Bucket? current = null;
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            var bucket = reader.GetInt64(0);
            if (current is not null && current.Index != bucket)
            {
                yield return current.ToReading(from, step);
                current = null;
            }
            current ??= new Bucket(bucket, reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetString(2));
            if (!reader.IsDBNull(3))
            {
                current.Values[reader.GetString(3)] = HistoryBuckets.Round(reader.GetDouble(4));
            }
        }
        if (current is not null)
        {
            yield return current.ToReading(from, step);
        }
    }

    private async ValueTask<DbConnection> OpenAsync(CancellationToken ct)
    {
        await installer.EnsureInstalledAsync(ct).ConfigureAwait(false);
        return await OpenConnectionAsync(ct).ConfigureAwait(false);
    }

    private DbCommand Command(DbConnection connection, string sql, string deviceId, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentException.ThrowIfNullOrEmpty(deviceId);
        var command = connection.CreateCommand();
        command.CommandText = sql;
        Bind(command, "@d", deviceId);
        Bind(command, "@from", Time(HistoryTime.Truncate(from)));
        Bind(command, "@to", Time(HistoryTime.Truncate(to)));
        return command;
    }

    private static void Bind(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    /// <summary>One bucket's row being assembled from the aggregate's rows (one per field).</summary>
    private sealed class Bucket(long index, long seq, string? state)
    {
        public long Index { get; } = index;

        public ImmutableDictionary<string, double>.Builder Values { get; } = ImmutableDictionary.CreateBuilder<string, double>(StringComparer.Ordinal);

        public Reading ToReading(DateTimeOffset from, TimeSpan step) => new(HistoryBuckets.Start(from, step, Index), seq, Values.ToImmutable(), state);
    }
}
