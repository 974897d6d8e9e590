namespace Twin.Storage.Audit;

/// <summary>The append-only audit log in the twin's database: lines are added and read, never changed or removed.</summary>
public interface IAuditLog
{
    /// <summary>Adds a line; completes once it is stored.</summary>
    Task AppendAsync(AuditEntry entry, CancellationToken ct = default);

    /// <summary>The lines matching the query, oldest first.</summary>
    Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken ct = default);
}
