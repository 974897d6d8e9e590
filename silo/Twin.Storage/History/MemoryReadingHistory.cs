using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Twin.Grains.Abstractions;

namespace Twin.Storage.History;

/// <summary>The reading history in process memory, for tests and demos; goes through the same group-commit writer as the databases.</summary>
public sealed class MemoryReadingHistory(TwinStorageOptions.HistorySettings settings, TimeProvider timeProvider, ILogger<MemoryReadingHistory>? logger = null)
    : GroupCommitReadingHistory(settings, timeProvider, logger ?? NullLogger<MemoryReadingHistory>.Instance)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<HistoryRecord>> _byDevice = new(StringComparer.Ordinal);

    /// <summary>The number of readings held, for tests.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _byDevice.Values.Sum(l => l.Count);
            }
        }
    }

    /// <inheritdoc />
    protected override Task WriteBatchAsync(IReadOnlyList<PendingAppend> batch, CancellationToken ct)
    {
        lock (_lock)
        {
            foreach (var pending in batch)
            {
                var record = pending.Record;
                if (!_byDevice.TryGetValue(record.DeviceId, out var list))
                {
                    _byDevice[record.DeviceId] = list = [];
                }
                // Read back what the databases would: the reading as its JSON round trip gives it.
                list.Add(record with { Reading = ReadingJson.Deserialize(pending.Json, record.Ts.ToUniversalTime(), record.Seq) });
            }
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task<IReadOnlyList<HistoryRecord>> ReadAsync(string deviceId, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken ct = default)
    {
        CheckRead(deviceId, limit);
        lock (_lock)
        {
            IReadOnlyList<HistoryRecord> result = _byDevice.TryGetValue(deviceId, out var list)
                ? list.Select((r, i) => (r, i)).Where(x => x.r.Ts >= from && x.r.Ts < to)
                    .OrderBy(x => x.r.Ts).ThenBy(x => x.i).Take(limit).Select(x => x.r).ToList()
                : [];
            return Task.FromResult(result);
        }
    }

    /// <inheritdoc />
    public override Task<IReadOnlyList<HistoryRecord>> ReadReceivedSinceAsync(string deviceId, DateTimeOffset receivedSince, CancellationToken ct = default)
    {
        CheckRead(deviceId, 1);
        lock (_lock)
        {
            IReadOnlyList<HistoryRecord> result = _byDevice.TryGetValue(deviceId, out var list)
                ? list.Where(r => r.ReceivedAt >= receivedSince).ToList()
                : [];
            return Task.FromResult(result);
        }
    }

    /// <inheritdoc />
    public override Task<long> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken ct = default)
    {
        lock (_lock)
        {
            long removed = 0;
            foreach (var list in _byDevice.Values)
            {
                removed += list.RemoveAll(r => r.Ts < cutoff);
            }
            return Task.FromResult(removed);
        }
    }

    /// <inheritdoc />
    public override Task<long> DeleteDevicesAsync(IReadOnlyCollection<string> deviceIds, DateTimeOffset? cutoff, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(deviceIds);
        lock (_lock)
        {
            long removed = 0;
            foreach (var id in deviceIds)
            {
                if (_byDevice.TryGetValue(id, out var list))
                {
                    removed += list.RemoveAll(r => cutoff is not { } c || r.Ts < c);
                }
            }
            return Task.FromResult(removed);
        }
    }

    /// <inheritdoc />
    public override Task<long> DownsampleAsync(DateTimeOffset from, DateTimeOffset to, TimeSpan bucket, CancellationToken ct = default)
    {
        var bucketMicros = (long)bucket.TotalMicroseconds;
        lock (_lock)
        {
            long removed = 0;
            foreach (var list in _byDevice.Values)
            {
                var keep = list.Select((r, i) => (r, i))
                    .Where(x => x.r.Ts >= from && x.r.Ts < to)
                    .GroupBy(x => HistoryTime.ToUnixMicroseconds(x.r.Ts) / bucketMicros)
                    .Select(g => g.OrderBy(x => x.r.Ts).ThenBy(x => x.i).First().r)
                    .ToHashSet(ReferenceEqualityComparer.Instance);
                removed += list.RemoveAll(r => r.Ts >= from && r.Ts < to && !keep.Contains(r));
            }
            return Task.FromResult(removed);
        }
    }

    /// <inheritdoc />
    public override Task<DateTimeOffset?> OldestTsAsync(CancellationToken ct = default)
    {
        lock (_lock)
        {
            var all = _byDevice.Values.SelectMany(l => l).ToList();
            return Task.FromResult(all.Count == 0 ? (DateTimeOffset?)null : all.Min(r => r.Ts));
        }
    }
}
