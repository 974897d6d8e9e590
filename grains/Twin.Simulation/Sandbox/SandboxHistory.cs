using Twin.Grains.Abstractions;

namespace Twin.Simulation.Sandbox;

/// <summary>A run's reading history, in memory and dropped with the run: what the run fed its devices, in order.</summary>
public sealed class SandboxHistory : IReadingHistory
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<HistoryRecord>> _byDevice = new(StringComparer.Ordinal);

    /// <summary>Readings held.</summary>
    public long Count { get; private set; }

    public ValueTask AppendAsync(HistoryRecord record, CancellationToken ct = default)
    {
        lock (_lock)
        {
            if (!_byDevice.TryGetValue(record.DeviceId, out var list))
            {
                _byDevice[record.DeviceId] = list = [];
            }
            list.Add(record);
            Count++;
        }
        return ValueTask.CompletedTask;
    }

    public Task<IReadOnlyList<HistoryRecord>> ReadAsync(string deviceId, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken ct = default)
    {
        lock (_lock)
        {
            IReadOnlyList<HistoryRecord> found = _byDevice.TryGetValue(deviceId, out var list)
                ? [.. list.Where(r => r.Ts >= from && r.Ts < to).OrderBy(r => r.Ts).Take(limit)]
                : [];
            return Task.FromResult(found);
        }
    }

    public Task<IReadOnlyList<HistoryRecord>> ReadReceivedSinceAsync(string deviceId, DateTimeOffset receivedSince, CancellationToken ct = default)
    {
        lock (_lock)
        {
            IReadOnlyList<HistoryRecord> found = _byDevice.TryGetValue(deviceId, out var list)
                ? [.. list.Where(r => r.ReceivedAt >= receivedSince)]
                : [];
            return Task.FromResult(found);
        }
    }
}
