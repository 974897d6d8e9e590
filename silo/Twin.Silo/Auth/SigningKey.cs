using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Twin.Storage.Secrets;

namespace Twin.Silo.Auth;

/// <summary>
/// The key local tokens are signed with: <c>Twin:Auth:SigningKey</c>, or one generated once and kept in the shared
/// secrets (PostgreSQL for every silo, the data folder for one SQLite silo), so a token works on every silo.
/// </summary>
public sealed class SigningKey(IOptions<AuthOptions> options, ISecretStore secrets)
{
    /// <summary>The secret's name in the store.</summary>
    public const string SecretName = "jwt-signing-key";

    private readonly Lazy<Task<SymmetricSecurityKey>> _key = new(async () =>
    {
        var configured = options.Value.SigningKey;
        var text = string.IsNullOrEmpty(configured)
            ? await secrets.GetOrAddAsync(SecretName, () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(64))).ConfigureAwait(false)
            : configured;
        return new SymmetricSecurityKey(Convert.FromBase64String(text)) { KeyId = "twin-1" };
    });

    /// <summary>Loads the key (the bootstrapper calls this at start, so a database outage fails the start, not a request).</summary>
    public Task<SymmetricSecurityKey> LoadAsync() => _key.Value;

    /// <summary>The key, loading it on first use.</summary>
    public SymmetricSecurityKey Key => _key.Value.GetAwaiter().GetResult();
}
