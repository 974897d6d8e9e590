using Twin.Storage.Accounts;

namespace Twin.Silo.Auth;

/// <summary>The answer to a name and password: the account, or why not.</summary>
/// <param name="Account">The signed-in account when <see cref="Succeeded"/>.</param>
/// <param name="RetryAfter">Set when the sign-in was throttled (429).</param>
public sealed record SignInOutcome(StoredAccount? Account, TimeSpan? RetryAfter)
{
    /// <summary>True when the name and password are right and the account is enabled.</summary>
    public bool Succeeded => Account is not null;

    /// <summary>Wrong name or password, or a disabled account (the caller cannot tell which).</summary>
    public static SignInOutcome Refused { get; } = new(null, null);
}
