using Twin.Grains.Abstractions.Alarms;

namespace Twin.Storage.Alarms;

/// <summary>
/// The alarms and their notification outbox in memory (<c>Twin:Storage=Memory</c>, tests), with the semantics of the
/// database stores: a save is atomic, a claim takes only the head of each (alarm, channel, target) queue.
/// </summary>
/// <remarks>One lock guards everything: an alarm's writes are rare next to readings, and a claim must see the queues whole.</remarks>
public sealed class MemoryAlarmStore : IAlarmStore, INotificationOutbox
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Alarm> _alarms = new(StringComparer.Ordinal);
    // Unsent and parked entries in the order they were written (the sequence orders each queue).
    private readonly SortedDictionary<long, Row> _rows = [];
    private readonly Dictionary<string, long> _sequenceOf = new(StringComparer.Ordinal);
    private long _sequence;

    public Task SaveAsync(Alarm alarm, IReadOnlyList<OutboxEntry> notifications, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(alarm);
        ArgumentNullException.ThrowIfNull(notifications);
        lock (_lock)
        {
            CheckNew(notifications);
            _alarms[alarm.Id] = alarm;
            Append(notifications);
        }
        return Task.CompletedTask;
    }

    public Task EnqueueAsync(IReadOnlyList<OutboxEntry> notifications, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(notifications);
        lock (_lock)
        {
            CheckNew(notifications);
            Append(notifications);
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<Alarm>> ReadOpenAsync(string source, CancellationToken ct = default)
    {
        lock (_lock)
        {
            IReadOnlyList<Alarm> open = [.. _alarms.Values
                .Where(a => a.Source == source && a.State != AlarmState.Normal)
                .OrderBy(a => a.RaisedAt)
                .ThenBy(a => a.Id, StringComparer.Ordinal)];
            return Task.FromResult(open);
        }
    }

    public Task<Alarm?> GetAsync(string id, CancellationToken ct = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_alarms.GetValueOrDefault(id));
        }
    }

    public Task<IReadOnlyList<Alarm>> QueryAsync(AlarmQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_lock)
        {
            IReadOnlyList<Alarm> found = [.. _alarms.Values
                .Where(a => query.States.IsDefaultOrEmpty ? a.State != AlarmState.Normal : query.States.Contains(a.State))
                .Where(a => query.Districts.IsDefaultOrEmpty || query.Districts.Contains(a.District))
                .Where(a => query.Severities.IsDefaultOrEmpty || query.Severities.Contains(a.Severity))
                .Where(a => query.Types.IsDefaultOrEmpty || query.Types.Contains(a.Type))
                .OrderByDescending(a => a.RaisedAt)
                .ThenByDescending(a => a.Id, StringComparer.Ordinal)
                .Take(Math.Max(0, query.Limit))];
            return Task.FromResult(found);
        }
    }

    public Task<IReadOnlyList<OutboxEntry>> ClaimDueAsync(string owner, DateTimeOffset now, TimeSpan lease, int max, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        var claimed = new List<OutboxEntry>();
        lock (_lock)
        {
            var seen = new HashSet<(string, NotificationChannel, string)>();
            foreach (var row in _rows.Values)
            {
                if (claimed.Count >= max)
                {
                    break;
                }
                if (row.ParkedAt is not null || !seen.Add((row.Entry.AlarmId, row.Entry.Channel, row.Entry.Target)))
                {
                    // Parked entries leave their queue; behind a queue's head nothing goes.
                    continue;
                }
                var leasedByOther = row.Owner is not null && row.Owner != owner && row.LeaseUntil > now;
                if (row.Entry.DueAt > now || leasedByOther)
                {
                    continue;
                }
                row.Owner = owner;
                row.LeaseUntil = now + lease;
                claimed.Add(row.Entry);
            }
        }
        return Task.FromResult<IReadOnlyList<OutboxEntry>>(claimed);
    }

    public Task MarkSentAsync(string id, DateTimeOffset at, CancellationToken ct = default)
    {
        lock (_lock)
        {
            if (_sequenceOf.Remove(id, out var sequence))
            {
                _rows.Remove(sequence);
            }
        }
        return Task.CompletedTask;
    }

    public Task RetryAsync(string id, DateTimeOffset dueAt, string error, CancellationToken ct = default)
    {
        lock (_lock)
        {
            if (Find(id) is { } row)
            {
                row.Entry = row.Entry with { DueAt = dueAt, Attempts = row.Entry.Attempts + 1, LastError = error };
                row.Owner = null;
                row.LeaseUntil = null;
            }
        }
        return Task.CompletedTask;
    }

    public Task ParkAsync(string id, DateTimeOffset at, string error, CancellationToken ct = default)
    {
        lock (_lock)
        {
            if (Find(id) is { } row)
            {
                row.Entry = row.Entry with { Attempts = row.Entry.Attempts + 1, LastError = error };
                row.ParkedAt = at;
                row.Owner = null;
                row.LeaseUntil = null;
            }
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<OutboxEntry>> ListParkedAsync(int limit, CancellationToken ct = default)
    {
        lock (_lock)
        {
            IReadOnlyList<OutboxEntry> parked = [.. _rows
                .Where(r => r.Value.ParkedAt is not null)
                .OrderByDescending(r => r.Value.ParkedAt)
                .ThenByDescending(r => r.Key)
                .Take(Math.Max(0, limit))
                .Select(r => r.Value.Entry)];
            return Task.FromResult(parked);
        }
    }

    public Task<(long Pending, long Parked)> CountAsync(CancellationToken ct = default)
    {
        lock (_lock)
        {
            long parked = _rows.Values.Count(r => r.ParkedAt is not null);
            return Task.FromResult((_rows.Count - parked, parked));
        }
    }

    private void CheckNew(IReadOnlyList<OutboxEntry> notifications)
    {
        // Checked before anything is written, so that a refused save leaves nothing behind (as a rolled back transaction).
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in notifications)
        {
            ArgumentNullException.ThrowIfNull(entry);
            if (!ids.Add(entry.Id) || _sequenceOf.ContainsKey(entry.Id))
            {
                throw new InvalidOperationException($"The notification {entry.Id} is already in the outbox.");
            }
        }
    }

    private void Append(IReadOnlyList<OutboxEntry> notifications)
    {
        foreach (var entry in notifications)
        {
            var sequence = ++_sequence;
            _rows.Add(sequence, new Row(entry));
            _sequenceOf.Add(entry.Id, sequence);
        }
    }

    private Row? Find(string id) => _sequenceOf.TryGetValue(id, out var sequence) ? _rows[sequence] : null;

    /// <summary>An entry with its lease and whether it is parked.</summary>
    private sealed class Row(OutboxEntry entry)
    {
        public OutboxEntry Entry { get; set; } = entry;

        public string? Owner { get; set; }

        public DateTimeOffset? LeaseUntil { get; set; }

        public DateTimeOffset? ParkedAt { get; set; }
    }
}
