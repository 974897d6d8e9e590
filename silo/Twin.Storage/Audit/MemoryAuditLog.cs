namespace Twin.Storage.Audit;

/// <summary>The audit log in process memory (<c>Twin:Storage=Memory</c>, tests): gone with the process.</summary>
public sealed class MemoryAuditLog : IAuditLog
{
    private readonly Lock _lock = new();
    private readonly List<AuditEntry> _entries = [];

    /// <inheritdoc />
    public Task AppendAsync(AuditEntry entry, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_lock)
        {
            _entries.Add(entry);
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<AuditEntry>>([.. _entries
                .Where(e => (query.From is not { } from || e.At >= from) && (query.To is not { } to || e.At < to)
                    && (query.Actor is null || e.Actor == query.Actor))
                .OrderBy(e => e.At)
                .Take(query.Limit)]);
        }
    }
}
