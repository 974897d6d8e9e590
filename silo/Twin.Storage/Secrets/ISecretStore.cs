namespace Twin.Storage.Secrets;

/// <summary>
/// Generated secrets every silo of the twin must agree on (the token signing key, data-protection keys): in the
/// PostgreSQL database when silos share one, as files under the data folder for a single SQLite silo, in memory for tests.
/// </summary>
public interface ISecretStore
{
    /// <summary>The secret of that name; when there is none yet, <paramref name="create"/>'s value is stored and returned — unless another silo stored one first, which then wins.</summary>
    Task<string> GetOrAddAsync(string name, Func<string> create, CancellationToken ct = default);

    /// <summary>Every secret whose name starts with <paramref name="prefix"/>, in the order they were written.</summary>
    Task<IReadOnlyList<KeyValuePair<string, string>>> ListAsync(string prefix, CancellationToken ct = default);
}
