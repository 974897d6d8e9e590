namespace Twin.Storage.Consent;

/// <summary>The consent register of child trackers in the twin's database (SQLite, PostgreSQL, or memory for tests).</summary>
public interface IConsentStore
{
    /// <summary>The child's entry, or null when none was ever recorded.</summary>
    Task<ConsentRecord?> FindAsync(string deviceId, CancellationToken ct = default);

    /// <summary>Every entry, by device id.</summary>
    Task<IReadOnlyList<ConsentRecord>> ListAsync(CancellationToken ct = default);

    /// <summary>Records a decision, replacing the child's previous one.</summary>
    Task PutAsync(ConsentRecord record, CancellationToken ct = default);

    /// <summary>Adds the entries only when the register is empty (safe when silos start together); true when this call added them.</summary>
    Task<bool> SeedIfEmptyAsync(IReadOnlyCollection<ConsentRecord> records, CancellationToken ct = default);
}
