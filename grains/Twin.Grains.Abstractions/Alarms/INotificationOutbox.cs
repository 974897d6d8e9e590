namespace Twin.Grains.Abstractions.Alarms;

/// <summary>The sending side of the outbox: claims due entries for a while, then marks them sent, retried or parked.</summary>
public interface INotificationOutbox
{
    /// <summary>
    /// Claims up to <paramref name="max"/> due entries for <paramref name="lease"/>: only the oldest unsent entry of each
    /// (alarm, channel, target), so one alarm's notifications to one target go out in order; entries another owner
    /// holds a live lease on are skipped.
    /// </summary>
    Task<IReadOnlyList<OutboxEntry>> ClaimDueAsync(string owner, DateTimeOffset now, TimeSpan lease, int max, CancellationToken ct = default);

    /// <summary>Marks an entry sent (it leaves the queue).</summary>
    Task MarkSentAsync(string id, DateTimeOffset at, CancellationToken ct = default);

    /// <summary>Releases an entry after a failed attempt: due again at <paramref name="dueAt"/>.</summary>
    Task RetryAsync(string id, DateTimeOffset dueAt, string error, CancellationToken ct = default);

    /// <summary>Parks an entry the receiver refused for good (a 4xx other than 408/429): kept, listed, no longer sent.</summary>
    Task ParkAsync(string id, DateTimeOffset at, string error, CancellationToken ct = default);

    /// <summary>Parked entries, newest first.</summary>
    Task<IReadOnlyList<OutboxEntry>> ListParkedAsync(int limit, CancellationToken ct = default);

    /// <summary>Entries not yet sent (due or not) and parked entries.</summary>
    Task<(long Pending, long Parked)> CountAsync(CancellationToken ct = default);
}
