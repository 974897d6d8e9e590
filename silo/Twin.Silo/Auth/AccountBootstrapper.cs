using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Twin.Storage.Accounts;

namespace Twin.Silo.Auth;

/// <summary>
/// At start: loads the signing key, writes the configured accounts, and — when there is no account at all — creates
/// <c>admin</c> with <c>Twin:Auth:BootstrapAdminPassword</c> or a generated password printed once in the log.
/// </summary>
public sealed class AccountBootstrapper(
    AccountService accounts, SigningKey signingKey, IOptions<AuthOptions> options, IServer server,
    IHostApplicationLifetime lifetime, ILogger<AccountBootstrapper> logger) : IHostedService
{
    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (o.Mode == AuthMode.Local)
        {
            await signingKey.LoadAsync().WaitAsync(cancellationToken);
        }
        foreach (var configured in o.Accounts)
        {
            await WriteConfiguredAsync(configured, cancellationToken);
        }
        if (o.Accounts.Count > 0)
        {
            AuthLog.ConfiguredAccounts(logger, o.Accounts.Count);
        }
        string? generated = null;
        if (o.Mode == AuthMode.Local && await accounts.Store.CountAsync(cancellationToken) == 0)
        {
            var password = string.IsNullOrEmpty(o.BootstrapAdminPassword) ? GeneratePassword() : o.BootstrapAdminPassword;
            // Two silos starting on an empty database: only the one whose insert wins prints its password.
            if (await accounts.CreateAsync("admin", password, [TwinRoles.Admin], [], cancellationToken) is not null)
            {
                if (string.IsNullOrEmpty(o.BootstrapAdminPassword))
                {
                    generated = password;
                }
                else
                {
                    AuthLog.BootstrapAdminConfigured(logger);
                }
            }
        }
        // The address is known once the server listens: say where to sign in then.
        lifetime.ApplicationStarted.Register(() =>
        {
            var url = SignInUrl();
            if (generated is not null)
            {
                AuthLog.BootstrapAdminGenerated(logger, url, generated);
            }
            AuthLog.SignInAt(logger, url, o.Mode);
        });
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task WriteConfiguredAsync(ConfiguredAccount configured, CancellationToken ct)
    {
        var name = configured.Name;
        var roles = AccountRules.SplitList(configured.Roles);
        var schools = AccountRules.SplitList(configured.Schools);
        if (await accounts.CreateAsync(name, configured.Password, roles, schools, ct) is not null)
        {
            return;
        }
        // Configuration wins on each start for the password and roles; a disabled account stays disabled.
        await accounts.ChangeAsync(name, a => a with { Roles = roles, Schools = schools },
            newPassword: await accounts.Store.FindAsync(name, ct) is { } current && AccountService.Verifies(current, configured.Password) ? null : configured.Password,
            ct);
    }

    private string SignInUrl()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost:5080";
        return address.TrimEnd('/').Replace("://[::]", "://localhost", StringComparison.Ordinal).Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal)
            .Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal) + "/login";
    }

    // 24 characters of base64url: 144 bits, typeable from a log line.
    private static string GeneratePassword() => Base64Url(RandomNumberGenerator.GetBytes(18));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).Replace('+', '-').Replace('/', '_').TrimEnd('=');
}
