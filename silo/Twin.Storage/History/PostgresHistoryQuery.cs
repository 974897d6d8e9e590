using System.Data.Common;
using Npgsql;
using Twin.Storage.Schema;

namespace Twin.Storage.History;

/// <summary>The history's queries on PostgreSQL (<c>jsonb_each</c> over the reading's fields, buckets by arithmetic on the epoch).</summary>
/// <remarks>Its own connection pool, so a long read never takes a connection the history writer is waiting for.</remarks>
public sealed class PostgresHistoryQuery(string connectionString, SchemaInstaller installer) : SqlHistoryQuery(installer), IAsyncDisposable
{
    // Exact: extract returns numeric, and timestamptz keeps microseconds.
    private const string Micros = "(extract(epoch FROM ts) * 1000000)::bigint";

    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    /// <inheritdoc />
    protected override string FieldsSql => """
        SELECT DISTINCT field.key, r.reading->'f' IS NOT NULL
        FROM twin_reading_history AS r LEFT JOIN LATERAL jsonb_object_keys(r.reading->'v') AS field(key) ON true
        WHERE r.device_id = @d AND r.ts >= @from AND r.ts < @to
        """;

    /// <inheritdoc />
    protected override string ReadSql { get; } =
        $"SELECT {Micros}, seq, reading::text FROM ({DistinctReadings("")}) AS readings ORDER BY ts, id LIMIT @limit";

    /// <inheritdoc />
    protected override string AggregateSql { get; } = Aggregate(
        kept: $"""
            SELECT id, ts, seq, reading, ({Micros} - @origin) / @step AS bucket
            FROM ({DistinctReadings("AND reading->'f' IS NULL")}) AS readings
            """,
        latest: """
            SELECT DISTINCT ON (bucket) bucket, seq, reading->>'s' AS state
            FROM kept
            ORDER BY bucket, ts DESC, id DESC
            """,
        averages: """
            SELECT kept.bucket, field.key, avg(field.value::float8) AS average
            FROM kept CROSS JOIN LATERAL jsonb_each(kept.reading->'v') AS field
            GROUP BY kept.bucket, field.key
            """);

    /// <inheritdoc />
    protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken ct) =>
        await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);

    /// <inheritdoc />
    protected override object Time(DateTimeOffset time) => time.UtcDateTime;

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
