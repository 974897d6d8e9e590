using System.Collections.Concurrent;
using Twin.Grains.Abstractions.Alarms;

namespace Twin.Silo.Tests.Alarms;

/// <summary>The outbox as the dispatcher sees it, recording each retry with the clock's time when it was asked for.</summary>
internal sealed class RecordingOutbox(INotificationOutbox inner, TimeProvider clock) : INotificationOutbox
{
    public ConcurrentQueue<(string Id, DateTimeOffset At, DateTimeOffset DueAt)> Retries { get; } = new();

    public Task<IReadOnlyList<OutboxEntry>> ClaimDueAsync(string owner, DateTimeOffset now, TimeSpan lease, int max, CancellationToken ct = default) =>
        inner.ClaimDueAsync(owner, now, lease, max, ct);

    public Task MarkSentAsync(string id, DateTimeOffset at, CancellationToken ct = default) => inner.MarkSentAsync(id, at, ct);

    public Task RetryAsync(string id, DateTimeOffset dueAt, string error, CancellationToken ct = default)
    {
        Retries.Enqueue((id, clock.GetUtcNow(), dueAt));
        return inner.RetryAsync(id, dueAt, error, ct);
    }

    public Task ParkAsync(string id, DateTimeOffset at, string error, CancellationToken ct = default) => inner.ParkAsync(id, at, error, ct);

    public Task<IReadOnlyList<OutboxEntry>> ListParkedAsync(int limit, CancellationToken ct = default) => inner.ListParkedAsync(limit, ct);

    public Task<(long Pending, long Parked)> CountAsync(CancellationToken ct = default) => inner.CountAsync(ct);
}
