using System.Collections.Immutable;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Twin.Grains.Abstractions;
using Twin.Storage.History;
using Twin.Storage.Schema;
using Twin.Storage.Tests.Infrastructure;

namespace Twin.Storage.Tests.History;

/// <summary>The reading log's contract, run against every store.</summary>
public abstract class ReadingHistoryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateTimeOffset T0 = new(2026, 1, 20, 6, 0, 0, TimeSpan.FromHours(9));

    protected abstract GroupCommitReadingHistory CreateHistory(FakeTimeProvider time, int maxBatchSize = 5000);

    protected static HistoryRecord Record(string device, int minute, long seq, DateTimeOffset? received = null) =>
        new(device, T0.AddMinutes(minute), seq,
            new Reading(T0.AddMinutes(minute), seq,
                ImmutableDictionary<string, double>.Empty.Add("level_m", 1.25 + (seq / 100.0)).Add("battery_v", 3.61),
                seq % 2 == 0 ? "running" : null,
                new RadioInfo("gw-toyama-01", -101.5, 7.25)),
            received ?? T0.AddMinutes(minute).AddSeconds(2));

    [Fact]
    public async Task AppendedReadingsReadBackByTimeWithEveryField()
    {
        await using var history = CreateHistory(new FakeTimeProvider(T0));
        var device = $"gauge-{Guid.NewGuid():N}";
        await history.AppendAsync(Record(device, 2, 12), Ct);
        await history.AppendAsync(Record(device, 0, 10), Ct);
        await history.AppendAsync(Record(device, 1, 11), Ct);
        await history.AppendAsync(Record("other-device", 1, 11), Ct);

        var all = await history.ReadAsync(device, T0, T0.AddHours(1), 100, Ct);
        Assert.Equal([10L, 11L, 12L], all.Select(r => r.Seq));
        var first = all[0];
        var expected = Record(device, 0, 10);
        Assert.Equal((expected.DeviceId, expected.Ts, expected.ReceivedAt), (first.DeviceId, first.Ts, first.ReceivedAt));
        Assert.Equal(TimeSpan.FromHours(9), first.Ts.Offset);
        Assert.Equal(expected.Reading.Ts, first.Reading.Ts);
        Assert.Equal(expected.Reading.Values.OrderBy(p => p.Key), first.Reading.Values.OrderBy(p => p.Key));
        Assert.Equal((expected.Reading.State, expected.Reading.Radio), (first.Reading.State, first.Reading.Radio));

        // from is inclusive, to exclusive, limit caps the count.
        Assert.Equal([11L], (await history.ReadAsync(device, T0.AddMinutes(1), T0.AddMinutes(2), 100, Ct)).Select(r => r.Seq));
        Assert.Equal([10L, 11L], (await history.ReadAsync(device, T0, T0.AddHours(1), 2, Ct)).Select(r => r.Seq));
    }

    [Fact]
    public async Task ReplayReturnsReadingsReceivedSinceInCommitOrder()
    {
        await using var history = CreateHistory(new FakeTimeProvider(T0));
        var device = $"pump-{Guid.NewGuid():N}";
        var snapshotAt = T0.AddMinutes(10);
        await history.AppendAsync(Record(device, 0, 1, received: T0.AddMinutes(5)), Ct);
        // A late reading (old ts) received after the snapshot is replayed, in the order it arrived.
        await history.AppendAsync(Record(device, 20, 3, received: snapshotAt), Ct);
        await history.AppendAsync(Record(device, 3, 2, received: T0.AddMinutes(21)), Ct);

        var replay = await history.ReadReceivedSinceAsync(device, snapshotAt, Ct);
        Assert.Equal([3L, 2L], replay.Select(r => r.Seq));
    }

    [Fact]
    public async Task ManyConcurrentAppendsAreAllDurableWhenTheyComplete()
    {
        await using var history = CreateHistory(new FakeTimeProvider(T0), maxBatchSize: 500);
        var devices = Enumerable.Range(0, 20).Select(i => $"env-{i}-{Guid.NewGuid():N}").ToArray();
        const int PerDevice = 250;
        await Parallel.ForEachAsync(devices, async (device, _) =>
        {
            var appends = Enumerable.Range(0, PerDevice).Select(i => history.AppendAsync(Record(device, i, i), Ct).AsTask());
            await Task.WhenAll(appends);
        });

        foreach (var device in devices)
        {
            var rows = await history.ReadAsync(device, T0, T0.AddDays(1), 10_000, Ct);
            Assert.Equal(Enumerable.Range(0, PerDevice).Select(i => (long)i), rows.Select(r => r.Seq));
        }
    }

    [Fact]
    public async Task RetentionAndDownsamplingKeepWhatTheSettingsSay()
    {
        var time = new FakeTimeProvider(T0.AddDays(40));
        await using var history = CreateHistory(time);
        var device = $"bridge-{Guid.NewGuid():N}";
        // Day 0 (40 days old): six readings 3 minutes apart; day 35 (5 days old): the same.
        for (var i = 0; i < 6; i++)
        {
            await history.AppendAsync(Record(device, i * 3, i), Ct);
            await history.AppendAsync(Record(device, (35 * 24 * 60) + (i * 3), 100 + i), Ct);
        }
        var options = TestConfiguration.Options(TestConfiguration.Memory(
            ("Twin:History:RetentionDays", "60"),
            ("Twin:History:DownsampleAfterDays", "30"),
            ("Twin:History:DownsampleIntervalMinutes", "10")));
        var service = new HistoryMaintenanceService(history, options, time, NullLogger<HistoryMaintenanceService>.Instance);

        await service.RunOnceAsync(TestContext.Current.CancellationToken);

        var rows = await history.ReadAsync(device, T0.AddDays(-1), T0.AddDays(41), 100, Ct);
        // T0 is 21:00 UTC, on a 10-minute boundary: minutes 0,3,6,9 | 12,15 → first of each bucket kept.
        Assert.Equal([0L, 4L, 100L, 101L, 102L, 103L, 104L, 105L], rows.Select(r => r.Seq));

        time.Advance(TimeSpan.FromDays(26));
        await service.RunOnceAsync(TestContext.Current.CancellationToken);
        rows = await history.ReadAsync(device, T0.AddDays(-1), T0.AddDays(41), 100, Ct);
        Assert.Equal([100L, 104L], rows.Select(r => r.Seq));
    }

    [Fact]
    public async Task AFailedBatchFaultsItsAppendersAndTheWriterCarriesOn()
    {
        await using var history = new FlakyHistory(new FakeTimeProvider(T0));
        history.FailNext = true;
        var failed = await Assert.ThrowsAsync<HistoryWriteException>(async () => await history.AppendAsync(Record("d", 0, 1), Ct));
        Assert.IsType<IOException>(failed.InnerException);

        await history.AppendAsync(Record("d", 1, 2), Ct);
        Assert.Equal([2L], (await history.ReadAsync("d", T0, T0.AddDays(1), 10, Ct)).Select(r => r.Seq));
    }

    private sealed class FlakyHistory(TimeProvider time) : GroupCommitReadingHistory(new TwinStorageOptions.HistorySettings(), time, NullLogger.Instance)
    {
        private readonly MemoryReadingHistory _inner = new(new TwinStorageOptions.HistorySettings(), time);

        public bool FailNext { get; set; }

        protected override async Task WriteBatchAsync(IReadOnlyList<PendingAppend> batch, CancellationToken ct)
        {
            if (FailNext)
            {
                FailNext = false;
                throw new IOException("disk on fire");
            }
            await Task.WhenAll(batch.Select(p => _inner.AppendAsync(p.Record, ct).AsTask()));
        }

        public override Task<IReadOnlyList<HistoryRecord>> ReadAsync(string deviceId, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken ct = default) =>
            _inner.ReadAsync(deviceId, from, to, limit, ct);

        public override Task<IReadOnlyList<HistoryRecord>> ReadReceivedSinceAsync(string deviceId, DateTimeOffset receivedSince, CancellationToken ct = default) =>
            _inner.ReadReceivedSinceAsync(deviceId, receivedSince, ct);

        public override Task<long> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken ct = default) => _inner.DeleteOlderThanAsync(cutoff, ct);

        public override Task<long> DownsampleAsync(DateTimeOffset from, DateTimeOffset to, TimeSpan bucket, CancellationToken ct = default) =>
            _inner.DownsampleAsync(from, to, bucket, ct);

        public override Task<DateTimeOffset?> OldestTsAsync(CancellationToken ct = default) => _inner.OldestTsAsync(ct);

        protected override ValueTask DisposeCoreAsync() => _inner.DisposeAsync();
    }
}

/// <summary>The reading log in memory.</summary>
public sealed class MemoryReadingHistoryTests : ReadingHistoryTests
{
    protected override GroupCommitReadingHistory CreateHistory(FakeTimeProvider time, int maxBatchSize = 5000) =>
        new MemoryReadingHistory(new TwinStorageOptions.HistorySettings { MaxBatchSize = maxBatchSize }, time);
}

/// <summary>The reading log in SQLite.</summary>
public sealed class SqliteReadingHistoryTests(SqliteFileFixture file) : ReadingHistoryTests, IClassFixture<SqliteFileFixture>
{
    private readonly IConfiguration _configuration = TestConfiguration.Sqlite(file.Path);

    protected override GroupCommitReadingHistory CreateHistory(FakeTimeProvider time, int maxBatchSize = 5000) =>
        new SqliteReadingHistory(file.Path, new SchemaInstaller(TestConfiguration.Options(_configuration)),
            new TwinStorageOptions.HistorySettings { MaxBatchSize = maxBatchSize }, time);

    [Fact]
    public async Task TheWriteAheadLogIsCopiedIntoTheDatabaseBesideTheWriter()
    {
        var ct = TestContext.Current.CancellationToken;
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"twin-wal-{Guid.NewGuid():N}.db");
        try
        {
            var configuration = TestConfiguration.Sqlite(path);
            await using var history = new SqliteReadingHistory(path, new SchemaInstaller(TestConfiguration.Options(configuration)),
                new TwinStorageOptions.HistorySettings(), new FakeTimeProvider(DateTimeOffset.UtcNow));
            await history.AppendAsync(Record("gauge-wal", 0, 0), ct);
            var before = new FileInfo(path).Length;

            await Task.WhenAll(Enumerable.Range(1, 20_000).Select(i => history.AppendAsync(Record($"gauge-wal-{i % 50}", i, i), ct).AsTask()));

            // The writer never checkpoints (that would stall its next batch): the rows reach the database file
            // only through the background checkpointer, and they must, or the log would grow without end.
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            while (new FileInfo(path).Length < before + 1_000_000)
            {
                try
                {
                    await Task.Delay(50, timeout.Token);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    Assert.Fail($"After 30 s the database file is {new FileInfo(path).Length:N0} bytes (was {before:N0}) and the log {new FileInfo(path + "-wal").Length:N0}: nothing checkpointed.");
                }
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var f in new[] { path, path + "-wal", path + "-shm" })
            {
                File.Delete(f);
            }
        }
    }
}

/// <summary>The reading log in PostgreSQL.</summary>
public sealed class PostgresReadingHistoryTests(PostgresDatabaseFixture database) : ReadingHistoryTests, IClassFixture<PostgresDatabaseFixture>
{
    private readonly IConfiguration _configuration = TestConfiguration.Postgres(database.ConnectionString);

    protected override GroupCommitReadingHistory CreateHistory(FakeTimeProvider time, int maxBatchSize = 5000) =>
        new PostgresReadingHistory(database.ConnectionString, new SchemaInstaller(TestConfiguration.Options(_configuration)),
            new TwinStorageOptions.HistorySettings { MaxBatchSize = maxBatchSize }, time);
}
