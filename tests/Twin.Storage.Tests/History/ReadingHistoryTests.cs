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
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected static readonly DateTimeOffset T0 = new(2026, 1, 20, 6, 0, 0, TimeSpan.FromHours(9));

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
    public async Task ChildReadingsArePurgedAfterTheirHoursWhileOtherDevicesKeepTheirDays()
    {
        // The maintenance service's clock: 73 hours after T0, readings every hour from T0.
        var time = new FakeTimeProvider(T0.AddHours(73));
        await using var history = CreateHistory(time);
        var child = $"ct-{Guid.NewGuid():N}";
        var otherChild = $"ct-{Guid.NewGuid():N}";
        var gauge = $"rg-{Guid.NewGuid():N}";
        for (var h = 0; h <= 73; h++)
        {
            await history.AppendAsync(Record(child, h * 60, h), Ct);
            await history.AppendAsync(Record(otherChild, h * 60, h), Ct);
            await history.AppendAsync(Record(gauge, h * 60, h), Ct);
        }
        var options = TestConfiguration.Options(TestConfiguration.Memory(("Twin:History:RetentionDays", "400"), ("Twin:History:DownsampleAfterDays", "0")));
        var service = new HistoryMaintenanceService(history, options, time, NullLogger<HistoryMaintenanceService>.Instance,
            [new ShortRetention("child-tracker", [child, otherChild], TimeSpan.FromHours(72))]);

        await service.RunOnceAsync(Ct);

        // Kept: readings of the last 72 hours (hours 1..73); the hour-0 reading is gone. The gauge keeps everything.
        async Task<long[]> SeqsAsync(string device) =>
            [.. (await history.ReadAsync(device, T0.AddDays(-1), T0.AddDays(10), 1000, Ct)).Select(r => r.Seq)];
        Assert.Equal(Enumerable.Range(1, 73).Select(h => (long)h), await SeqsAsync(child));
        Assert.Equal(Enumerable.Range(1, 73).Select(h => (long)h), await SeqsAsync(otherChild));
        Assert.Equal(Enumerable.Range(0, 74).Select(h => (long)h), await SeqsAsync(gauge));

        // Ten hours on, ten more hours of the children's readings go; again nothing of the gauge's.
        time.Advance(TimeSpan.FromHours(10));
        await service.RunOnceAsync(Ct);
        Assert.Equal(Enumerable.Range(11, 63).Select(h => (long)h), await SeqsAsync(child));
        Assert.Equal(74, (await SeqsAsync(gauge)).Length);
    }

    [Fact]
    public async Task DeletingADevicesReadingsLeavesEveryOtherDevicesAlone()
    {
        await using var history = CreateHistory(new FakeTimeProvider(T0));
        var child = $"ct-{Guid.NewGuid():N}";
        var other = $"ct-{Guid.NewGuid():N}";
        for (var i = 0; i < 30; i++)
        {
            await history.AppendAsync(Record(child, i, i), Ct);
            await history.AppendAsync(Record(other, i, i), Ct);
        }

        Assert.Equal(30, await history.DeleteDevicesAsync([child], cutoff: null, Ct));

        Assert.Empty(await history.ReadAsync(child, T0.AddDays(-1), T0.AddDays(1), 100, Ct));
        Assert.Empty(await history.ReadReceivedSinceAsync(child, T0.AddDays(-1), Ct));
        Assert.Equal(30, (await history.ReadAsync(other, T0.AddDays(-1), T0.AddDays(1), 100, Ct)).Count);
        Assert.Equal(0, await history.DeleteDevicesAsync([], cutoff: null, Ct));
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

    [Fact]
    public async Task AReadingThatCannotBeStoredIsRefusedAloneAndTheNextOneIsStored()
    {
        await using var history = CreateHistory(new FakeTimeProvider(T0));
        var device = $"gauge-{Guid.NewGuid():N}";
        var bad = Record(device, 0, 1);
        bad = bad with { Reading = bad.Reading with { Values = bad.Reading.Values.SetItem("level_m", double.NaN) } };

        var refused = await Assert.ThrowsAsync<HistoryRowRejectedException>(async () => await history.AppendAsync(bad, Ct));
        Assert.Contains("level_m", refused.Message, StringComparison.Ordinal);

        await history.AppendAsync(Record(device, 1, 2), Ct);
        Assert.Equal([2L], (await history.ReadAsync(device, T0, T0.AddDays(1), 10, Ct)).Select(r => r.Seq));
    }

    [Fact]
    public async Task ABatchThatFailsOnBadDataIsSplitSoOnlyItsBadReadingsAreRefused()
    {
        await using var history = new FlakyHistory(new FakeTimeProvider(T0)) { BadDevice = "poison" };
        var blocker = await history.HoldNextBatchAsync(Record("d", 0, 0));
        var records = Enumerable.Range(1, 40).Select(i => Record(i is 7 or 8 or 31 ? "poison" : "d", i, i)).ToList();
        var appends = records.Select(r => history.AppendAsync(r, Ct).AsTask()).ToList();
        history.Release();
        await blocker;

        await Task.WhenAll(appends.Where((_, i) => records[i].DeviceId == "d"));
        foreach (var refused in appends.Where((_, i) => records[i].DeviceId == "poison"))
        {
            var ex = await Assert.ThrowsAsync<HistoryRowRejectedException>(() => refused);
            Assert.IsType<InvalidDataException>(ex.InnerException);
        }
        // Committed in queue order, without the three bad ones, in one batch's worth of bisection.
        var expected = records.Where(r => r.DeviceId == "d").Select(r => r.Seq).Prepend(0);
        Assert.Equal(expected, (await history.ReadAsync("d", T0, T0.AddDays(1), 100, Ct)).Select(r => r.Seq));
        Assert.InRange(history.Batches, 2, 1 + (3 * 2 * 6));
    }

    [Fact]
    public async Task AnOutageWhileSplittingABatchFaultsEveryReadingNotYetCommitted()
    {
        await using var history = new FlakyHistory(new FakeTimeProvider(T0)) { BadDevice = "poison" };
        var blocker = await history.HoldNextBatchAsync(Record("d", 0, 0));
        var records = Enumerable.Range(1, 20).Select(i => Record(i == 15 ? "poison" : "d", i, i)).ToList();
        var appends = records.Select(r => history.AppendAsync(r, Ct).AsTask()).ToList();
        // The whole batch fails on the bad reading; then the database goes down while the first half is tried.
        history.FailAfterNext = true;
        history.Release();
        await blocker;

        foreach (var append in appends)
        {
            var ex = await Assert.ThrowsAsync<HistoryWriteException>(() => append);
            Assert.IsType<IOException>(ex.InnerException);
        }
        Assert.Equal([0L], (await history.ReadAsync("d", T0, T0.AddDays(1), 100, Ct)).Select(r => r.Seq));
    }

    private sealed class FlakyHistory(TimeProvider time) : GroupCommitReadingHistory(new TwinStorageOptions.HistorySettings(), time, NullLogger.Instance)
    {
        private readonly MemoryReadingHistory _inner = new(new TwinStorageOptions.HistorySettings(), time);

        private TaskCompletionSource? _held;
        private TaskCompletionSource? _release;
        private bool _holdNext;

        /// <summary>The next batch fails as if the database were down.</summary>
        public bool FailNext { get; set; }

        /// <summary>The batch after the next fails as if the database were down.</summary>
        public bool FailAfterNext { get; set; }

        /// <summary>A batch holding a reading of this device fails on bad data (as a NUL in a PostgreSQL text would).</summary>
        public string? BadDevice { get; init; }

        /// <summary>How many batches the writer tried.</summary>
        public int Batches { get; private set; }

        /// <summary>Appends <paramref name="record"/> and holds its batch in the writer until <see cref="Release"/>, so
        /// that what is appended meanwhile queues up as the next batch.</summary>
        public async Task<Task> HoldNextBatchAsync(HistoryRecord record)
        {
            _held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _holdNext = true;
            var append = AppendAsync(record).AsTask();
            await _held.Task.WaitAsync(TimeSpan.FromSeconds(10));
            return append;
        }

        public void Release() => _release!.TrySetResult();

        protected override bool IsRowError(Exception exception) => exception is InvalidDataException;

        protected override async Task WriteBatchAsync(IReadOnlyList<PendingAppend> batch, CancellationToken ct)
        {
            Batches++;
            if (_holdNext)
            {
                _holdNext = false;
                _held!.TrySetResult();
                await _release!.Task;
            }
            if (FailNext)
            {
                FailNext = false;
                throw new IOException("disk on fire");
            }
            if (BadDevice is not null && batch.Any(p => p.Record.DeviceId == BadDevice))
            {
                if (FailAfterNext)
                {
                    FailAfterNext = false;
                    FailNext = true;
                }
                throw new InvalidDataException("a value the database cannot hold");
            }
            await Task.WhenAll(batch.Select(p => _inner.AppendAsync(p.Record, ct).AsTask()));
        }

        public override Task<IReadOnlyList<HistoryRecord>> ReadAsync(string deviceId, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken ct = default) =>
            _inner.ReadAsync(deviceId, from, to, limit, ct);

        public override Task<IReadOnlyList<HistoryRecord>> ReadReceivedSinceAsync(string deviceId, DateTimeOffset receivedSince, CancellationToken ct = default) =>
            _inner.ReadReceivedSinceAsync(deviceId, receivedSince, ct);

        public override Task<long> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken ct = default) => _inner.DeleteOlderThanAsync(cutoff, ct);

        public override Task<long> DeleteDevicesAsync(IReadOnlyCollection<string> deviceIds, DateTimeOffset? cutoff, CancellationToken ct = default) =>
            _inner.DeleteDevicesAsync(deviceIds, cutoff, ct);

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
    public async Task AReadingSQLiteRefusesFaultsAloneAndTheGoodOnesAppendedWithItAreStored()
    {
        var ct = TestContext.Current.CancellationToken;
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"twin-poison-{Guid.NewGuid():N}.db");
        try
        {
            await using var history = new SqliteReadingHistory(path, new SchemaInstaller(TestConfiguration.Options(TestConfiguration.Sqlite(path))),
                new TwinStorageOptions.HistorySettings(), new FakeTimeProvider(T0));
            await history.AppendAsync(Record("gauge-1", 0, 0), ct);
            // A constraint the schema does not have, standing for any row SQLite refuses (SQLITE_CONSTRAINT).
            await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}"))
            {
                await connection.OpenAsync(ct);
                await using var command = connection.CreateCommand();
                command.CommandText = "CREATE TRIGGER refuse_poison BEFORE INSERT ON twin_reading_history WHEN NEW.device_id = 'poison' " +
                                      "BEGIN SELECT RAISE(ABORT, 'poisoned reading'); END";
                await command.ExecuteNonQueryAsync(ct);
            }

            var good = Enumerable.Range(1, 20).Select(i => history.AppendAsync(Record("gauge-1", i, i), ct).AsTask()).ToList();
            var poisoned = history.AppendAsync(Record("poison", 5, 5), ct).AsTask();
            good.AddRange(Enumerable.Range(21, 20).Select(i => history.AppendAsync(Record("gauge-1", i, i), ct).AsTask()));

            await Task.WhenAll(good);
            var refused = await Assert.ThrowsAsync<HistoryRowRejectedException>(() => poisoned);
            Assert.Equal(SQLitePCL.raw.SQLITE_CONSTRAINT, Assert.IsType<Microsoft.Data.Sqlite.SqliteException>(refused.InnerException).SqliteErrorCode);
            Assert.Equal(Enumerable.Range(0, 41).Select(i => (long)i), (await history.ReadAsync("gauge-1", T0, T0.AddDays(1), 100, ct)).Select(r => r.Seq));
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

    /// <summary>Readings with a NUL where PostgreSQL keeps text: it has no way to store one, in text or in jsonb.</summary>
    public static TheoryData<string, string> Poisons => new()
    {
        { "gateway id", "22P05" },
        { "state", "22P05" },
        { "source topic", "22P05" },
        { "metric name", "22P05" },
        { "device id", "22021" },
    };

    private static HistoryRecord Poisoned(string device, string where)
    {
        var r = Record(device, 30, 999);
        return where switch
        {
            "gateway id" => r with { Reading = r.Reading with { Radio = new RadioInfo("gw-toyama-\u0000-01", -99, 5) } },
            "state" => r with { Reading = r.Reading with { State = "running\u0000" } },
            "source topic" => r with { Reading = r.Reading with { Source = "v3/app\u0000@tenant/devices/x/up" } },
            "metric name" => r with { Reading = r.Reading with { Values = r.Reading.Values.Add("level\u0000_m", 1) } },
            _ => r with { DeviceId = device + "\u0000" },
        };
    }

    [Theory]
    [MemberData(nameof(Poisons))]
    public async Task TwentyGoodReadingsInABatchWithAPoisonedOneAreAllStoredAndOnlyThePoisonedOneIsRefused(string where, string sqlState)
    {
        await using var history = CreateHistory(new FakeTimeProvider(T0));
        var device = $"gauge-{Guid.NewGuid():N}";
        await history.AppendAsync(Record(device, 0, 0), Ct);

        // Hold the writer on a table lock, so the twenty-one appends below queue up and go as one batch, one COPY.
        await using (var writerHeld = await HoldWriterAsync(history, Record(device, 1, 1)))
        {
            var good = Enumerable.Range(2, 20).Select(i => history.AppendAsync(Record(device, i, i), Ct).AsTask()).ToList();
            var poisoned = history.AppendAsync(Poisoned(device, where), Ct).AsTask();
            await writerHeld.ReleaseAsync();

            await writerHeld.InFlight;
            await Task.WhenAll(good);
            var refused = await Assert.ThrowsAsync<HistoryRowRejectedException>(() => poisoned);
            Assert.Equal(sqlState, Assert.IsType<Npgsql.PostgresException>(refused.InnerException).SqlState);
        }

        var stored = await history.ReadAsync(device, T0, T0.AddDays(1), 100, Ct);
        Assert.Equal(Enumerable.Range(0, 22).Select(i => (long)i), stored.Select(r => r.Seq));
    }

    [Fact]
    public async Task ADatabaseThatGoesAwayMidBatchFaultsTheBatchForARetryAndRefusesNothing()
    {
        await using var history = CreateHistory(new FakeTimeProvider(T0));
        var device = $"gauge-{Guid.NewGuid():N}";
        await history.AppendAsync(Record(device, 0, 0), Ct);

        await using (var writerHeld = await HoldWriterAsync(history, Record(device, 1, 1)))
        {
            var next = Enumerable.Range(2, 10).Select(i => history.AppendAsync(Record(device, i, i), Ct).AsTask()).ToList();
            // The writer's session ends as it does when the server restarts: an outage, not bad data, so the
            // reading is not refused but faulted for its sender to retry.
            await writerHeld.TerminateTheWriterAsync();
            var failed = await Assert.ThrowsAsync<HistoryWriteException>(() => writerHeld.InFlight);
            Assert.IsAssignableFrom<Npgsql.NpgsqlException>(failed.InnerException);
            await writerHeld.ReleaseAsync();
            await Task.WhenAll(next);
        }

        Assert.Equal([0L, .. Enumerable.Range(2, 10).Select(i => (long)i)], (await history.ReadAsync(device, T0, T0.AddDays(1), 100, Ct)).Select(r => r.Seq));
    }

    /// <summary>Takes a lock that the history writer's COPY waits for, appends <paramref name="inFlight"/> and returns once
    /// the writer waits with it: what is appended from then on queues up as the next batch.</summary>
    private async Task<WriterHold> HoldWriterAsync(GroupCommitReadingHistory history, HistoryRecord inFlight)
    {
        var connection = new Npgsql.NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(Ct);
        var transaction = await connection.BeginTransactionAsync(Ct);
        await using (var command = new Npgsql.NpgsqlCommand("LOCK TABLE twin_reading_history IN SHARE MODE", connection, transaction))
        {
            await command.ExecuteNonQueryAsync(Ct);
        }
        var hold = new WriterHold(connection, transaction, history.AppendAsync(inFlight, Ct).AsTask());
        try
        {
            await hold.WaitUntilTheWriterWaitsAsync();
        }
        catch
        {
            // Let the lock go, so one case that never saw the writer wait does not time out the cases after it.
            await hold.DisposeAsync();
            throw;
        }
        return hold;
    }

    /// <summary>A transaction holding a lock that the history writer's COPY waits for.</summary>
    private sealed class WriterHold(Npgsql.NpgsqlConnection connection, Npgsql.NpgsqlTransaction transaction, Task inFlight) : IAsyncDisposable
    {
        private int? _writerPid;

        /// <summary>The append the writer holds.</summary>
        public Task InFlight => inFlight;

        public async Task WaitUntilTheWriterWaitsAsync()
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            // Generous: on a loaded 2-core machine, with other test modules' silos holding PostgreSQL connections, the
            // writer's connection and COPY can take a while to start.
            timeout.CancelAfter(TimeSpan.FromSeconds(90));
            await using var command = new Npgsql.NpgsqlCommand(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() " +
                "AND wait_event_type = 'Lock' AND query LIKE 'COPY twin_reading_history%'", connection, transaction);
            object? pid;
            while ((pid = await command.ExecuteScalarAsync(timeout.Token)) is not int)
            {
                await Task.Delay(20, timeout.Token);
            }
            _writerPid = (int)pid;
        }

        public async Task TerminateTheWriterAsync()
        {
            await using var command = new Npgsql.NpgsqlCommand($"SELECT pg_terminate_backend({_writerPid})", connection, transaction);
            await command.ExecuteNonQueryAsync(Ct);
        }

        public async Task ReleaseAsync() => await transaction.CommitAsync(Ct);

        public async ValueTask DisposeAsync()
        {
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
