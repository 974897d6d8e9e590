using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Twin.Grains.Abstractions;

namespace Twin.Storage.History;

/// <summary>The group-commit writer behind every store: appends queue up, one background loop writes whatever is queued in one go.</summary>
/// <remarks>One writer keeps commit order equal to queue order, which replay relies on; throughput comes from the batch
/// size growing with the load, not from parallel writers.</remarks>
public abstract class GroupCommitReadingHistory : IReadingHistory, IHistoryMaintenance, IAsyncDisposable
{
    private readonly Channel<PendingAppend> _queue;
    private readonly int _maxBatchSize;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _startLock = new();
    private Task? _writer;
    private bool _disposed;

    /// <summary>Sets up the queue; the writer loop starts with the first append.</summary>
    protected GroupCommitReadingHistory(TwinStorageOptions.HistorySettings settings, TimeProvider timeProvider, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        // The series exist from the start at zero, so an alert on failed rows sees the first one.
        StorageMetrics.RowsWritten.Add(0);
        StorageMetrics.RowsFailed.Add(0);
        StorageMetrics.RowsRejected.Add(0);
        _maxBatchSize = settings.MaxBatchSize;
        _timeProvider = timeProvider;
        _logger = logger;
        _queue = Channel.CreateBounded<PendingAppend>(new BoundedChannelOptions(settings.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <inheritdoc />
    public ValueTask AppendAsync(HistoryRecord record, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentException.ThrowIfNullOrEmpty(record.DeviceId);
        // Serialising here spreads the JSON work over the appenders' threads and fails only the bad reading.
        string json;
        try
        {
            json = ReadingJson.Serialize(record.Reading, record.Ts.Offset);
        }
        catch (ArgumentException ex)
        {
            StorageMetrics.RowsRejected.Add(1);
            throw Refused(record, ex);
        }
        var pending = new PendingAppend(
            record with { Ts = HistoryTime.Truncate(record.Ts), ReceivedAt = HistoryTime.Truncate(record.ReceivedAt) },
            json);
        EnsureWriterStarted();
        if (_queue.Writer.TryWrite(pending))
        {
            return new ValueTask(pending.Task);
        }
        return EnqueueSlowAsync(pending, ct);
    }

    private async ValueTask EnqueueSlowAsync(PendingAppend pending, CancellationToken ct)
    {
        try
        {
            await _queue.Writer.WriteAsync(pending, ct).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            throw new ObjectDisposedException(GetType().Name, "The reading history is shutting down.");
        }
        await pending.Task.ConfigureAwait(false);
    }

    private void EnsureWriterStarted()
    {
        if (_writer is not null)
        {
            return;
        }
        lock (_startLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _writer ??= Task.Run(WriteLoopAsync);
        }
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<PendingAppend>(_maxBatchSize);
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < _maxBatchSize && reader.TryRead(out var item))
            {
                batch.Add(item);
            }
            await CommitAsync(batch).ConfigureAwait(false);
            batch.Clear();
        }
    }

    /// <summary>
    /// Commits a batch. When it fails on bad data (<see cref="IsRowError"/>), it is split in halves and each half
    /// tried again, until every bad reading has failed alone: that reading's append is refused with
    /// <see cref="HistoryRowRejectedException"/> and every other reading of the batch is committed. Any other
    /// failure is an outage: everything not yet committed faults with <see cref="HistoryWriteException"/>, so its
    /// senders retry. The halves are committed in queue order, which replay relies on.
    /// </summary>
    private async Task CommitAsync(List<PendingAppend> batch)
    {
        var slices = new Stack<List<PendingAppend>>();
        slices.Push(batch);
        while (slices.TryPop(out var slice))
        {
            var started = _timeProvider.GetTimestamp();
            try
            {
                await WriteBatchAsync(slice, CancellationToken.None).ConfigureAwait(false);
                StorageMetrics.BatchDuration.Record(_timeProvider.GetElapsedTime(started).TotalSeconds);
                StorageMetrics.BatchSize.Record(slice.Count);
                StorageMetrics.RowsWritten.Add(slice.Count);
                foreach (var pending in slice)
                {
                    pending.TrySetResult();
                }
            }
            catch (Exception ex) when (IsRowError(ex))
            {
                if (slice.Count == 1)
                {
                    var record = slice[0].Record;
                    StorageLog.RowRefused(_logger, record.DeviceId, record.Seq, ex);
                    StorageMetrics.RowsRejected.Add(1);
                    slice[0].TrySetException(Refused(record, ex));
                    continue;
                }
                if (ReferenceEquals(slice, batch))
                {
                    StorageLog.BatchSplit(_logger, batch.Count, FirstLine(ex.Message));
                }
                var half = slice.Count / 2;
                slices.Push(slice.GetRange(half, slice.Count - half));
                slices.Push(slice.GetRange(0, half));
            }
            catch (Exception ex)
            {
                // Trying the rest against a database that is down would only delay the appenders' retries.
                var rest = slices.Prepend(slice).SelectMany(s => s).ToList();
                StorageLog.BatchFailed(_logger, rest.Count, ex);
                StorageMetrics.RowsFailed.Add(rest.Count);
                var failure = new HistoryWriteException($"The reading history could not commit a batch of {rest.Count} readings.", ex);
                foreach (var pending in rest)
                {
                    pending.TrySetException(failure);
                }
                return;
            }
        }
    }

    private static HistoryRowRejectedException Refused(HistoryRecord record, Exception ex) =>
        new($"The reading history cannot store this reading (seq {record.Seq}): {FirstLine(ex.Message)}", ex);

    private static string FirstLine(string text) => text.Split('\n', 2)[0].TrimEnd();

    /// <summary>Writes one batch durably (one transaction or one COPY), all or nothing; throwing faults every appender in it
    /// unless <see cref="IsRowError"/> says the failure lies in the data of some of its readings.</summary>
    protected abstract Task WriteBatchAsync(IReadOnlyList<PendingAppend> batch, CancellationToken ct);

    /// <summary>Whether a failure of <see cref="WriteBatchAsync"/> lies in the data of the batch's readings (a value the
    /// database cannot hold), so that the batch is split to find them, rather than in the database (down, full, locked).</summary>
    /// <remarks>When unsure, say no: an outage taken for bad data would refuse good readings for good, while bad data
    /// taken for an outage is only retried.</remarks>
    protected virtual bool IsRowError(Exception exception) => false;

    /// <inheritdoc />
    public abstract Task<IReadOnlyList<HistoryRecord>> ReadAsync(string deviceId, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken ct = default);

    /// <inheritdoc />
    public abstract Task<IReadOnlyList<HistoryRecord>> ReadReceivedSinceAsync(string deviceId, DateTimeOffset receivedSince, CancellationToken ct = default);

    /// <inheritdoc />
    public abstract Task<long> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken ct = default);

    /// <inheritdoc />
    public abstract Task<long> DeleteDevicesAsync(IReadOnlyCollection<string> deviceIds, DateTimeOffset? cutoff, CancellationToken ct = default);

    /// <inheritdoc />
    public abstract Task<long> DownsampleAsync(DateTimeOffset from, DateTimeOffset to, TimeSpan bucket, CancellationToken ct = default);

    /// <inheritdoc />
    public abstract Task<DateTimeOffset?> OldestTsAsync(CancellationToken ct = default);

    /// <summary>Checks the arguments every read takes.</summary>
    protected static void CheckRead(string deviceId, int limit)
    {
        ArgumentException.ThrowIfNullOrEmpty(deviceId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
    }

    /// <summary>Drains the queue (every queued reading is written or faulted), then releases the store.</summary>
    public async ValueTask DisposeAsync()
    {
        Task? writer;
        lock (_startLock)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            writer = _writer;
        }
        _queue.Writer.TryComplete();
        if (writer is not null)
        {
            await writer.ConfigureAwait(false);
        }
        await DisposeCoreAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases connections after the queue has drained.</summary>
    protected virtual ValueTask DisposeCoreAsync() => ValueTask.CompletedTask;

    /// <summary>A queued append: the record, its JSON, and the caller's completion.</summary>
    protected sealed class PendingAppend(HistoryRecord record, string json)
        : TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        /// <summary>The record, times truncated to microseconds.</summary>
        public HistoryRecord Record { get; } = record;

        /// <summary>The reading as our compact JSON.</summary>
        public string Json { get; } = json;
    }
}
