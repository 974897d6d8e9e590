using System.Data.Common;
using Twin.Storage.Schema;

namespace Twin.Storage.History;

/// <summary>The history's queries on the embedded SQLite file (times are Unix microseconds; <c>json_each</c> over the reading's fields).</summary>
/// <remarks>Readers never block the history writer (WAL); a long read only holds back the checkpoint until it ends.</remarks>
public sealed class SqliteHistoryQuery(string databasePath, SchemaInstaller installer) : SqlHistoryQuery(installer)
{
    private readonly string _connectionString = SqliteConnectionStrings.For(databasePath);

    /// <inheritdoc />
    protected override string FieldsSql => """
        SELECT DISTINCT field.key, json_extract(r.reading, '$.f') IS NOT NULL
        FROM twin_reading_history AS r LEFT JOIN json_each(r.reading, '$.v') AS field ON true
        WHERE r.device_id = @d AND r.ts >= @from AND r.ts < @to
        """;

    /// <inheritdoc />
    protected override string ReadSql { get; } =
        $"SELECT ts, seq, reading FROM ({DistinctReadings("")}) AS readings ORDER BY ts, id LIMIT @limit";

    /// <inheritdoc />
    protected override string AggregateSql { get; } = Aggregate(
        kept: $"""
            SELECT id, ts, seq, reading, (ts - @origin) / @step AS bucket
            FROM ({DistinctReadings("AND json_extract(reading, '$.f') IS NULL")}) AS readings
            """,
        latest: """
            SELECT bucket, seq, state FROM (
                SELECT bucket, seq, json_extract(reading, '$.s') AS state,
                       row_number() OVER (PARTITION BY bucket ORDER BY ts DESC, id DESC) AS place
                FROM kept)
            WHERE place = 1
            """,
        averages: """
            SELECT kept.bucket, field.key, avg(field.value) AS average
            FROM kept, json_each(kept.reading, '$.v') AS field
            GROUP BY kept.bucket, field.key
            """);

    /// <inheritdoc />
    protected override ValueTask<DbConnection> OpenConnectionAsync(CancellationToken ct) =>
        DbConnections.OpenAsync(new Microsoft.Data.Sqlite.SqliteConnection(_connectionString), ct);

    /// <inheritdoc />
    protected override object Time(DateTimeOffset time) => HistoryTime.ToUnixMicroseconds(time);
}
