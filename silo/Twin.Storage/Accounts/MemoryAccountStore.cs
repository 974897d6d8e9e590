using System.Collections.Concurrent;

namespace Twin.Storage.Accounts;

/// <summary>Accounts in process memory (<c>Twin:Storage=Memory</c>, tests): gone with the process.</summary>
public sealed class MemoryAccountStore : IAccountStore
{
    private readonly ConcurrentDictionary<string, StoredAccount> _accounts = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task<StoredAccount?> FindAsync(string name, CancellationToken ct = default) =>
        Task.FromResult(_accounts.GetValueOrDefault(name));

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredAccount>> ListAsync(CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<StoredAccount>>([.. _accounts.Values.OrderBy(a => a.Name, StringComparer.Ordinal)]);

    /// <inheritdoc />
    public Task<int> CountAsync(CancellationToken ct = default) => Task.FromResult(_accounts.Count);

    /// <inheritdoc />
    public Task<bool> TryAddAsync(StoredAccount account, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        return Task.FromResult(_accounts.TryAdd(account.Name, account));
    }

    /// <inheritdoc />
    public Task<bool> UpdateAsync(StoredAccount account, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        while (_accounts.TryGetValue(account.Name, out var current))
        {
            if (_accounts.TryUpdate(account.Name, account with { CreatedAt = current.CreatedAt }, current))
            {
                return Task.FromResult(true);
            }
        }
        return Task.FromResult(false);
    }
}
