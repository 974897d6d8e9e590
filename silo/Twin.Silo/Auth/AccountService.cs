using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Twin.Storage.Accounts;

namespace Twin.Silo.Auth;

/// <summary>Signs accounts in (hashed passwords, throttled failures) and changes them; the one place that hashes a password.</summary>
public sealed class AccountService(
    IAccountStore store, SignInThrottle throttle, IOptions<AuthOptions> options, TimeProvider time, ILogger<AccountService> logger)
{
    private static readonly PasswordHasher<StoredAccount> Hasher = new();

    // Verified when the name is unknown, so an unknown name takes as long as a wrong password.
    private static readonly string DummyHash = Hasher.HashPassword(null!, "not a password of anyone's");

    /// <summary>The store the accounts live in.</summary>
    public IAccountStore Store => store;

    /// <summary>Checks a name and password from <paramref name="address"/>; failures count towards the throttle.</summary>
    public async Task<SignInOutcome> SignInAsync(string? name, string? password, string address, CancellationToken ct = default)
    {
        var key = AccountRules.Normalize(name ?? "");
        if (throttle.RetryAfter(key, address) is { } wait)
        {
            AuthLog.SignInRefused(logger, Log(key), address, "throttled");
            return new SignInOutcome(null, wait);
        }
        var account = AccountRules.IsValidName(key) ? await store.FindAsync(key, ct).ConfigureAwait(false) : null;
        var verdict = Hasher.VerifyHashedPassword(account!, account?.PasswordHash ?? DummyHash, password ?? "");
        if (account is null || verdict == PasswordVerificationResult.Failed || account.Disabled)
        {
            throttle.Failed(key, address);
            AuthLog.SignInRefused(logger, Log(key), address, account is null ? "unknown account" : account.Disabled ? "disabled" : "wrong password");
            return SignInOutcome.Refused;
        }
        throttle.Succeeded(key);
        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            account = account with { PasswordHash = Hasher.HashPassword(account, password!), UpdatedAt = time.GetUtcNow() };
            await store.UpdateAsync(account, ct).ConfigureAwait(false);
        }
        return new SignInOutcome(account, null);
    }

    /// <summary>The enabled account of that name, or null (tokens and cookies are checked against it on every request).</summary>
    public async Task<StoredAccount?> FindEnabledAsync(string? name, CancellationToken ct = default) =>
        name is null ? null : await store.FindAsync(AccountRules.Normalize(name), ct).ConfigureAwait(false) is { Disabled: false } account ? account : null;

    /// <summary>A new account; null when the name is taken.</summary>
    public async Task<StoredAccount?> CreateAsync(string name, string password, IReadOnlyList<string> roles, IReadOnlyList<string> schools, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var account = new StoredAccount(name, "", roles, schools, Disabled: false, now, now);
        account = account with { PasswordHash = Hasher.HashPassword(account, password) };
        return await store.TryAddAsync(account, ct).ConfigureAwait(false) ? account : null;
    }

    /// <summary>Writes a changed account (new password hashed here when given); null when it does not exist.</summary>
    public async Task<StoredAccount?> ChangeAsync(string name, Func<StoredAccount, StoredAccount> change, string? newPassword = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (await store.FindAsync(name, ct).ConfigureAwait(false) is not { } current)
        {
            return null;
        }
        var changed = change(current) with { UpdatedAt = time.GetUtcNow() };
        if (newPassword is not null)
        {
            changed = changed with { PasswordHash = Hasher.HashPassword(changed, newPassword) };
        }
        return await store.UpdateAsync(changed, ct).ConfigureAwait(false) ? changed : null;
    }

    /// <summary>True when the password fits the rules (length); else the reason.</summary>
    public string? CheckPassword(string? password) =>
        password is null || password.Length < options.Value.MinPasswordLength
            ? $"A password needs at least {options.Value.MinPasswordLength} characters."
            : null;

    /// <summary>True when <paramref name="password"/> is the account's password (used to keep a configured account's hash across restarts).</summary>
    public static bool Verifies(StoredAccount account, string password) =>
        Hasher.VerifyHashedPassword(account, account.PasswordHash, password) != PasswordVerificationResult.Failed;

    // A name typed into a form is outside text: keep what reaches the log short and printable.
    private static string Log(string name) => Ingestion.LogText.Safe(name);
}
