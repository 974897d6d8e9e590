using System.ComponentModel.DataAnnotations;

namespace Twin.Silo.Auth;

/// <summary>Accounts and sign-in on HTTP and the hub (<c>Twin:Auth</c>).</summary>
public sealed class AuthOptions : IValidatableObject
{
    /// <summary>Local (default) or Oidc.</summary>
    public AuthMode Mode { get; set; } = AuthMode.Local;

    /// <summary>Oidc: the identity provider's issuer URL (its metadata is read from <c>/.well-known/openid-configuration</c>).</summary>
    public string? Authority { get; set; }

    /// <summary>Oidc: the audience the provider's access tokens carry for the twin.</summary>
    public string? Audience { get; set; }

    /// <summary>Oidc: the client id the control-room page signs in with (authorization code flow); without it only bearer tokens are accepted.</summary>
    public string? ClientId { get; set; }

    /// <summary>Oidc: the page client's secret, when the provider wants one (configuration or environment, never a command line).</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Oidc: the claim holding the twin's roles (a string or an array of strings).</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>Oidc: the claim naming the person (who acknowledged an alarm).</summary>
    public string NameClaim { get; set; } = "preferred_username";

    /// <summary>Oidc: fetch the provider's metadata over HTTPS only (default true; false only for a test provider on plain HTTP).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Accounts written to the database at start (their password and roles are set from here each start).</summary>
    public List<ConfiguredAccount> Accounts { get; set; } = [];

    /// <summary>The password of the <c>admin</c> account the first start creates when there is no account at all; generated and logged once when empty.</summary>
    public string? BootstrapAdminPassword { get; set; }

    /// <summary>The token signing key, base64, at least 32 bytes; when empty one is generated and kept in the database (PostgreSQL) or the data folder (SQLite).</summary>
    public string? SigningKey { get; set; }

    /// <summary>How long a token from <c>POST /api/auth/token</c> lives (default 15 minutes).</summary>
    [Range(1, 24 * 60)] public int TokenLifetimeMinutes { get; set; } = 15;

    /// <summary>How long the page's sign-in cookie lives without use (default 12 hours, a control-room shift).</summary>
    [Range(1, 24 * 30)] public int CookieHours { get; set; } = 12;

    /// <summary>Shortest password accepted for a new or reset password (default 12).</summary>
    [Range(8, 128)] public int MinPasswordLength { get; set; } = 12;

    /// <summary>Failed sign-ins of one account name within <see cref="SignInWindowMinutes"/> before it is refused (429) until the window ends.</summary>
    [Range(1, 10_000)] public int MaxFailedSignInsPerAccount { get; set; } = 5;

    /// <summary>Failed sign-ins from one client address within <see cref="SignInWindowMinutes"/> before it is refused (429).</summary>
    [Range(1, 100_000)] public int MaxFailedSignInsPerAddress { get; set; } = 20;

    /// <summary>The window failed sign-ins are counted in (default 5 minutes).</summary>
    [Range(1, 24 * 60)] public int SignInWindowMinutes { get; set; } = 5;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Mode == AuthMode.Oidc && string.IsNullOrWhiteSpace(Authority))
        {
            yield return new ValidationResult("Twin:Auth:Authority is required when Twin:Auth:Mode is Oidc (the identity provider's issuer URL).", [nameof(Authority)]);
        }
        if (Mode == AuthMode.Oidc && string.IsNullOrWhiteSpace(Audience))
        {
            yield return new ValidationResult("Twin:Auth:Audience is required when Twin:Auth:Mode is Oidc.", [nameof(Audience)]);
        }
        if (!string.IsNullOrEmpty(SigningKey) && !IsKey(SigningKey))
        {
            yield return new ValidationResult("Twin:Auth:SigningKey must be base64 of at least 32 bytes (e.g. `openssl rand -base64 48`).", [nameof(SigningKey)]);
        }
        if (!string.IsNullOrEmpty(BootstrapAdminPassword) && BootstrapAdminPassword.Length < MinPasswordLength)
        {
            yield return new ValidationResult($"Twin:Auth:BootstrapAdminPassword must have at least {MinPasswordLength} characters.", [nameof(BootstrapAdminPassword)]);
        }
        for (var i = 0; i < Accounts.Count; i++)
        {
            var account = Accounts[i];
            if (!AccountRules.IsValidName(account.Name))
            {
                yield return new ValidationResult($"Twin:Auth:Accounts:{i}:Name '{account.Name}' must be 1-64 lower-case letters, digits, '.', '_' or '-'.");
            }
            if (string.IsNullOrEmpty(account.Password))
            {
                yield return new ValidationResult($"Twin:Auth:Accounts:{i}:Password must be set (account '{account.Name}').");
            }
            var roles = AccountRules.SplitList(account.Roles);
            if (roles.Count == 0 || roles.Any(r => !TwinRoles.IsKnown(r)))
            {
                yield return new ValidationResult($"Twin:Auth:Accounts:{i}:Roles '{account.Roles}' must name one or more of {string.Join(", ", TwinRoles.All)}.");
            }
        }
    }

    private static bool IsKey(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var written) && written >= 32;
    }
}
