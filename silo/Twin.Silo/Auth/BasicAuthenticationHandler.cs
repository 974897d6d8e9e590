using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Twin.Silo.Auth;

/// <summary>HTTP Basic for Prometheus on <c>/metrics</c> (and health details): a local account's name and password, throttled like every sign-in.</summary>
public sealed class BasicAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AccountService accounts)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme's name.</summary>
    public const string SchemeName = "Basic";

    private TimeSpan? _retryAfter;

    /// <inheritdoc />
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!AuthenticationHeaderValue.TryParse(Request.Headers.Authorization, out var header)
            || !string.Equals(header.Scheme, SchemeName, StringComparison.OrdinalIgnoreCase) || header.Parameter is null)
        {
            return AuthenticateResult.NoResult();
        }
        string text;
        try
        {
            text = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
        }
        catch (FormatException)
        {
            return AuthenticateResult.Fail("The Basic credentials are not base64.");
        }
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return AuthenticateResult.Fail("The Basic credentials have no ':'.");
        }
        var outcome = await accounts.SignInAsync(text[..colon], text[(colon + 1)..], ClientAddress.Of(Context), Context.RequestAborted);
        if (outcome.RetryAfter is { } wait)
        {
            _retryAfter = wait;
            return AuthenticateResult.Fail("Too many failed sign-ins.");
        }
        return outcome.Account is { } account
            ? AuthenticateResult.Success(new AuthenticationTicket(TwinClaims.Principal(account, SchemeName), SchemeName))
            : AuthenticateResult.Fail("Wrong name or password.");
    }

    /// <inheritdoc />
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (_retryAfter is { } wait)
        {
            await TooManySignIns.Write(Context, wait);
            return;
        }
        Response.Headers.WWWAuthenticate = "Basic realm=\"toyama-twin\", charset=\"UTF-8\"";
        Response.StatusCode = StatusCodes.Status401Unauthorized;
    }
}
