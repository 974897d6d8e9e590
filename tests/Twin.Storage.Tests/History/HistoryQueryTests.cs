using System.Collections.Immutable;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;
using Twin.Grains.Abstractions;
using Twin.Storage.History;
using Twin.Storage.Schema;
using Twin.Storage.Tests.Infrastructure;

namespace Twin.Storage.Tests.History;

/// <summary>The history's read side, run against every store: the databases' aggregation must give what the C# reference gives.</summary>
public abstract class HistoryQueryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateTimeOffset T0 = new(2026, 1, 20, 6, 0, 0, TimeSpan.FromHours(9));

    /// <summary>A store and its queries on the same data; disposing the first disposes both.</summary>
    protected abstract (GroupCommitReadingHistory History, IHistoryQuery Query) Create();

    private static ImmutableDictionary<string, double> Values(params (string Field, double Value)[] values) =>
        values.ToImmutableDictionary(v => v.Field, v => v.Value, StringComparer.Ordinal);

    private static Reading R(DateTimeOffset ts, long seq, ImmutableDictionary<string, double> values, string? state = null, string? flag = null) =>
        new(ts, seq, values, state) { Flag = flag };

    /// <summary>Appends in order: each chunk is queued as called, so commit order is the order given.</summary>
    private static async Task AppendAsync(IReadingHistory history, string device, IReadOnlyList<Reading> readings)
    {
        foreach (var chunk in readings.Chunk(5_000))
        {
            await Task.WhenAll(chunk.Select(r => history.AppendAsync(new HistoryRecord(device, r.Ts, r.Seq, r, r.Ts.AddSeconds(1)), Ct).AsTask()));
        }
    }

    /// <summary>What a test compares: every field of a row, times with their offset.</summary>
    private static string Row(Reading r) =>
        string.Join(' ', [r.Ts.ToString("O", CultureInfo.InvariantCulture), r.Seq.ToString(CultureInfo.InvariantCulture), r.State ?? "-", r.Flag ?? "-",
            .. r.Values.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key}={v.Value.ToString("R", CultureInfo.InvariantCulture)}")]);

    /// <summary>
    /// 60,500 readings 30 s apart (three weeks) of a pump: a state on each, level_m exact in binary, battery_v on every third
    /// reading and not exact (3.31, 3.32…), no numbers at all on every 500th, every 1,000th delivered twice, and a flood of
    /// refused readings (flagged, wild values) beside every 777th.
    /// </summary>
    private static List<Reading> LongWindow()
    {
        var readings = new List<Reading>();
        for (var i = 0; i < 60_500; i++)
        {
            var ts = T0.AddSeconds(30 * i);
            var values = i % 500 == 7 ? Values()
                : i % 3 == 0 ? Values(("level_m", (i * 37 % 97) * 0.125), ("battery_v", 3.3 + ((i % 7) * 0.01)))
                : Values(("level_m", (i * 37 % 97) * 0.125));
            var reading = R(ts, i, values, i % 5 == 0 ? "stopped" : "running");
            readings.Add(reading);
            if (i % 1_000 == 0)
            {
                readings.Add(reading);
            }
            if (i % 777 == 0)
            {
                readings.Add(R(ts.AddSeconds(10), 1_000_000 + i, Values(("level_m", 999.5), ("surge", 1)), "pump_fault", "rate-limited"));
            }
        }
        return readings;
    }

    [Fact]
    public async Task AveragesOverMoreThanFiftyThousandReadingsAreTheReferencesAveragesComputedInTheDatabase()
    {
        var (history, query) = Create();
        await using var _ = history;
        var device = $"pump-{Guid.NewGuid():N}";
        var readings = LongWindow();
        await AppendAsync(history, device, readings);
        // A window that starts off the hour and ends mid-bucket: buckets align to from, not to the clock.
        var from = T0.AddMinutes(7).AddSeconds(13);
        var to = T0.AddDays(20).AddMinutes(31);
        var step = TimeSpan.FromHours(1);
        var inWindow = readings.Where(r => r.Ts >= from && r.Ts < to).ToList();
        Assert.True(inWindow.Count > 50_001, $"{inWindow.Count} readings in the window");

        var rows = await query.AggregateAsync(device, from, to, step, Ct).ToListAsync(Ct);

        var expected = HistoryBuckets.Aggregate(inWindow, from, step);
        Assert.Equal(481, expected.Count);
        Assert.Equal(expected.Select(Row), rows.Select(Row));
        Assert.DoesNotContain(rows, r => r.Values.ContainsKey("surge") || r.State == "pump_fault");
    }

    [Fact]
    public async Task RawReadingsStreamEachDeliveryOnceWithTheirFlagsAndCountsStopAtTheCap()
    {
        var (history, query) = Create();
        await using var _ = history;
        var device = $"pump-{Guid.NewGuid():N}";
        var readings = LongWindow();
        await AppendAsync(history, device, readings);
        var from = T0;
        var to = T0.AddDays(30);

        Assert.Equal(50_001, await query.CountAsync(device, from, to, 50_001, Ct));
        Assert.Equal(readings.Count, await query.CountAsync(device, from, to, 100_000, Ct));
        var rows = await query.ReadAsync(device, from, to, 50_000, Ct).ToListAsync(Ct);

        Assert.Equal(HistoryBuckets.Distinct(readings).Take(50_000).Select(Row), rows.Select(Row));
        Assert.Contains(rows, r => r.Flag == "rate-limited");
        var fields = await query.FieldsAsync(device, from, to, Ct);
        Assert.Equal(["battery_v", "level_m", "surge"], fields.Names);
        Assert.True(fields.AnyFlagged);
    }

    [Fact]
    public async Task ABucketKeepsItsLastSeqAndStateAndAveragesEachFieldOverTheReadingsThatCarryIt()
    {
        var (history, query) = Create();
        await using var _ = history;
        var device = $"pump-{Guid.NewGuid():N}";
        await AppendAsync(history, device,
        [
            R(T0, 1, Values(("pressure_mpa", 0.3), ("battery_v", 3.6)), "running"),
            R(T0.AddMinutes(4), 2, Values(("pressure_mpa", 0.4)), "running"),
            R(T0.AddMinutes(4), 2, Values(("pressure_mpa", 0.4)), "running"),
            R(T0.AddMinutes(6), 3, Values(("pressure_mpa", 0.7)), "running", "rate-limited"),
            R(T0.AddMinutes(9), 4, Values(), "pump_fault"),
            // A bucket of refused readings only, then a bucket of a reading without numbers.
            R(T0.AddMinutes(12), 5, Values(("pressure_mpa", 0.9)), "running", "rate-limited"),
            R(T0.AddMinutes(25), 6, Values(), "stopped"),
        ]);

        var rows = await query.AggregateAsync(device, T0, T0.AddMinutes(30), TimeSpan.FromMinutes(10), Ct).ToListAsync(Ct);

        Assert.Equal(
        [
            "2026-01-20T06:00:00.0000000+09:00 4 pump_fault - battery_v=3.6 pressure_mpa=0.35",
            "2026-01-20T06:20:00.0000000+09:00 6 stopped -",
        ], rows.Select(Row));
        var fields = await query.FieldsAsync(device, T0.AddMinutes(20), T0.AddMinutes(30), Ct);
        Assert.Empty(fields.Names);
        Assert.False(fields.AnyFlagged);
    }

    [Fact]
    public async Task AnEmptyWindowHasNoRowsNoFieldsAndCountsNothing()
    {
        var (history, query) = Create();
        await using var _ = history;
        var device = $"gauge-{Guid.NewGuid():N}";

        Assert.Empty(await query.AggregateAsync(device, T0, T0.AddDays(1), TimeSpan.FromHours(1), Ct).ToListAsync(Ct));
        Assert.Empty(await query.ReadAsync(device, T0, T0.AddDays(1), 10, Ct).ToListAsync(Ct));
        Assert.Equal(0, await query.CountAsync(device, T0, T0.AddDays(1), 10, Ct));
        Assert.Empty((await query.FieldsAsync(device, T0, T0.AddDays(1), Ct)).Names);
    }
}

/// <summary>The read side over the history in memory (the reference itself).</summary>
public sealed class MemoryHistoryQueryTests : HistoryQueryTests
{
    protected override (GroupCommitReadingHistory History, IHistoryQuery Query) Create()
    {
        var history = new MemoryReadingHistory(new TwinStorageOptions.HistorySettings(), new FakeTimeProvider());
        return (history, new MemoryHistoryQuery(history));
    }
}

/// <summary>The read side on SQLite.</summary>
public sealed class SqliteHistoryQueryTests(SqliteFileFixture file) : HistoryQueryTests, IClassFixture<SqliteFileFixture>
{
    private readonly IConfiguration _configuration = TestConfiguration.Sqlite(file.Path);

    protected override (GroupCommitReadingHistory History, IHistoryQuery Query) Create()
    {
        var installer = new SchemaInstaller(TestConfiguration.Options(_configuration));
        return (new SqliteReadingHistory(file.Path, installer, new TwinStorageOptions.HistorySettings(), new FakeTimeProvider()),
            new SqliteHistoryQuery(file.Path, installer));
    }
}

/// <summary>The read side on PostgreSQL.</summary>
public sealed class PostgresHistoryQueryTests(PostgresDatabaseFixture database) : HistoryQueryTests, IClassFixture<PostgresDatabaseFixture>, IAsyncDisposable
{
    private readonly IConfiguration _configuration = TestConfiguration.Postgres(database.ConnectionString);
    private readonly List<PostgresHistoryQuery> _queries = [];

    protected override (GroupCommitReadingHistory History, IHistoryQuery Query) Create()
    {
        var installer = new SchemaInstaller(TestConfiguration.Options(_configuration));
        var query = new PostgresHistoryQuery(database.ConnectionString, installer);
        _queries.Add(query);
        return (new PostgresReadingHistory(database.ConnectionString, installer, new TwinStorageOptions.HistorySettings(), new FakeTimeProvider()), query);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var query in _queries)
        {
            await query.DisposeAsync();
        }
    }
}
