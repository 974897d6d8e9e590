using System.Collections.Concurrent;

namespace Twin.Storage.Secrets;

/// <summary>Secrets in process memory (<c>Twin:Storage=Memory</c>): a new process makes new ones.</summary>
public sealed class MemorySecretStore : ISecretStore
{
    private readonly ConcurrentDictionary<string, (long Order, string Value)> _secrets = new(StringComparer.Ordinal);
    private long _order;

    /// <inheritdoc />
    public Task<string> GetOrAddAsync(string name, Func<string> create, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(create);
        return Task.FromResult(_secrets.GetOrAdd(name, _ => (Interlocked.Increment(ref _order), create())).Value);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<KeyValuePair<string, string>>> ListAsync(string prefix, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<KeyValuePair<string, string>>>(
        [
            .. _secrets.Where(s => s.Key.StartsWith(prefix, StringComparison.Ordinal))
                .OrderBy(s => s.Value.Order)
                .Select(s => KeyValuePair.Create(s.Key, s.Value.Value)),
        ]);
}
