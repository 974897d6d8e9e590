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
        var pending = new PendingAppend(
            record with { Ts = HistoryTime.Truncate(record.Ts), ReceivedAt = HistoryTime.Truncate(record.ReceivedAt) },
            ReadingJson.Serialize(record.Reading, record.Ts.Offset));
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
            var started = _timeProvider.GetTimestamp();
            try
            {
                await WriteBatchAsync(batch, CancellationToken.None).ConfigureAwait(false);
                StorageMetrics.BatchDuration.Record(_timeProvider.GetElapsedTime(started).TotalSeconds);
                StorageMetrics.BatchSize.Record(batch.Count);
                StorageMetrics.RowsWritten.Add(batch.Count);
                foreach (var pending in batch)
                {
                    pending.TrySetResult();
                }
            }
            catch (Exception ex)
            {
                StorageLog.BatchFailed(_logger, batch.Count, ex);
                StorageMetrics.RowsFailed.Add(batch.Count);
                var failure = new HistoryWriteException($"The reading history could not commit a batch of {batch.Count} readings.", ex);
                foreach (var pending in batch)
                {
                    pending.TrySetException(failure);
                }
            }
            batch.Clear();
        }
    }

    /// <summary>Writes one batch durably (one transaction or one COPY); throwing faults every appender in it.</summary>
    protected abstract Task WriteBatchAsync(IReadOnlyList<PendingAppend> batch, CancellationToken ct);

    /// <inheritdoc />
    public abstract Task<IReadOnlyList<HistoryRecord>> ReadAsync(string deviceId, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken ct = default);

    /// <inheritdoc />
    public abstract Task<IReadOnlyList<HistoryRecord>> ReadReceivedSinceAsync(string deviceId, DateTimeOffset receivedSince, CancellationToken ct = default);

    /// <inheritdoc />
    public abstract Task<long> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken ct = default);

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
