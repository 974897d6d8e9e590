namespace Twin.Storage.Accounts;

/// <summary>The local accounts in the twin's database (SQLite, PostgreSQL, or memory for tests).</summary>
public interface IAccountStore
{
    /// <summary>The account of that (lower-case) name, or null.</summary>
    Task<StoredAccount?> FindAsync(string name, CancellationToken ct = default);

    /// <summary>Every account, by name.</summary>
    Task<IReadOnlyList<StoredAccount>> ListAsync(CancellationToken ct = default);

    /// <summary>How many accounts exist.</summary>
    Task<int> CountAsync(CancellationToken ct = default);

    /// <summary>Adds the account unless one of that name exists; true when this call added it (safe when silos race).</summary>
    Task<bool> TryAddAsync(StoredAccount account, CancellationToken ct = default);

    /// <summary>Replaces the hash, roles, schools, disabled flag and update time of an existing account; false when there is none.</summary>
    Task<bool> UpdateAsync(StoredAccount account, CancellationToken ct = default);
}
