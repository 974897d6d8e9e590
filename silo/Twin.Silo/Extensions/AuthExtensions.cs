using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;
using Twin.Silo.Auth;
using Twin.Storage;
using Twin.Storage.Secrets;

namespace Twin.Silo.Extensions;

/// <summary>
/// Who may do what on HTTP and the hub (DESIGN.md "Access"): bearer tokens (local JWT, or the city's identity
/// provider in Oidc mode), the page's cookie, HTTP Basic on <c>/metrics</c> and <c>/health</c>; the roles' policies
/// (<see cref="TwinPolicies"/>); the accounts in the twin's database.
/// </summary>
public static class AuthExtensions
{
    /// <summary>The default scheme: picks bearer, Basic or the cookie by what the request carries.</summary>
    public const string TwinScheme = "twin";

    /// <summary>Adds authentication, the policies, the account store, the data-protection key ring and the sign-in throttle.</summary>
    public static WebApplicationBuilder AddTwinAuth(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AuthOptions>().BindConfiguration("Twin:Auth").ValidateDataAnnotations().ValidateOnStart();
        var auth = builder.Configuration.GetSection("Twin:Auth").Get<AuthOptions>() ?? new AuthOptions();

        services.AddTwinAccountStore(builder.Configuration);
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<AccountService>();
        services.AddSingleton<SigningKey>();
        services.AddSingleton<TokenIssuer>();
        services.AddHostedService<AccountBootstrapper>();

        // Cookies and antiforgery tokens must open on every silo: one key ring, in the shared secrets.
        services.AddDataProtection().SetApplicationName("toyama-twin");
        services.AddOptions<KeyManagementOptions>().Configure<ISecretStore>((o, secrets) => o.XmlRepository = new SecretXmlRepository(secrets));
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "twin.antiforgery";
            o.Cookie.SameSite = SameSiteMode.Strict;
        });

        var authentication = services.AddAuthentication(TwinScheme)
            .AddPolicyScheme(TwinScheme, "Bearer, cookie or Basic", o => o.ForwardDefaultSelector = SchemeFor)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, o =>
            {
                o.Cookie.Name = "twin.session";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromHours(auth.CookieHours);
                o.SlidingExpiration = true;
                o.LoginPath = "/login";
                o.AccessDeniedPath = "/login";
                // The API and the hub answer 401/403; only a page navigation is sent to /login.
                o.Events.OnRedirectToLogin = ctx => StatusOrRedirect(ctx, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = ctx => StatusOrRedirect(ctx, StatusCodes.Status403Forbidden);
                if (auth.Mode == AuthMode.Local)
                {
                    o.Events.OnValidatePrincipal = RecheckCookieAsync;
                }
            })
            .AddScheme<AuthenticationSchemeOptions, BasicAuthenticationHandler>(BasicAuthenticationHandler.SchemeName, null)
            .AddJwtBearer(JwtBearerDefaults.AuthenticationScheme, o =>
            {
                o.MapInboundClaims = false;
                o.Events = new JwtBearerEvents
                {
                    // SignalR's WebSocket and server-sent-events transports cannot send headers: the token comes in the query.
                    OnMessageReceived = ctx =>
                    {
                        if (ctx.Request.Path.StartsWithSegments("/hubs") && ctx.Request.Query["access_token"] is { Count: > 0 } token)
                        {
                            ctx.Token = token;
                        }
                        return Task.CompletedTask;
                    },
                };
                if (auth.Mode == AuthMode.Oidc)
                {
                    o.Authority = auth.Authority;
                    o.Audience = auth.Audience;
                    o.RequireHttpsMetadata = auth.RequireHttpsMetadata;
                    o.TokenValidationParameters.NameClaimType = auth.NameClaim;
                    o.TokenValidationParameters.RoleClaimType = auth.RoleClaim;
                }
                else
                {
                    o.Events.OnTokenValidated = RecheckTokenAsync;
                }
            });
        if (auth.Mode == AuthMode.Local)
        {
            services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
                .Configure<TokenIssuer>((o, issuer) => o.TokenValidationParameters = issuer.ValidationParameters());
        }
        else if (!string.IsNullOrEmpty(auth.ClientId))
        {
            // The page signs in at the city's provider (authorization code flow); the session is then our cookie.
            authentication.AddOpenIdConnect(OpenIdConnectDefaults.AuthenticationScheme, o =>
            {
                o.Authority = auth.Authority;
                o.ClientId = auth.ClientId;
                o.ClientSecret = auth.ClientSecret;
                o.ResponseType = "code";
                o.UsePkce = true;
                o.MapInboundClaims = false;
                o.RequireHttpsMetadata = auth.RequireHttpsMetadata;
                o.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                o.GetClaimsFromUserInfoEndpoint = true;
                o.TokenValidationParameters.NameClaimType = auth.NameClaim;
                o.TokenValidationParameters.RoleClaimType = auth.RoleClaim;
                o.ClaimActions.MapJsonKey(auth.RoleClaim, auth.RoleClaim);
            });
        }
        services.AddAuthorizationBuilder().AddTwinPolicies();
        return builder;
    }

    /// <summary>Authentication and authorization, after the static page (which stays anonymous) and before the rate limiter (which counts per account).</summary>
    public static WebApplication UseTwinAuth(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    private static string SchemeFor(HttpContext http)
    {
        var request = http.Request;
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            || (request.Path.StartsWithSegments("/hubs") && request.Query.ContainsKey("access_token")))
        {
            return JwtBearerDefaults.AuthenticationScheme;
        }
        var hasCookie = request.Cookies.ContainsKey("twin.session");
        if (request.Path.StartsWithSegments("/metrics") || request.Path.StartsWithSegments("/health"))
        {
            // Prometheus sends Basic; a challenge here asks for it.
            if (authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase) || !hasCookie)
            {
                return BasicAuthenticationHandler.SchemeName;
            }
        }
        else if (!hasCookie && (request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/hubs")))
        {
            // No credentials at all: answer like a bearer API (401, WWW-Authenticate: Bearer).
            return JwtBearerDefaults.AuthenticationScheme;
        }
        return CookieAuthenticationDefaults.AuthenticationScheme;
    }

    private static Task StatusOrRedirect(RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        var request = ctx.Request;
        var page = HttpMethods.IsGet(request.Method) && !request.Path.StartsWithSegments("/api") && !request.Path.StartsWithSegments("/hubs")
            && request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);
        if (page)
        {
            ctx.Response.Redirect(ctx.RedirectUri);
        }
        else
        {
            ctx.Response.StatusCode = status;
        }
        return Task.CompletedTask;
    }

    // A disabled account's cookie stops working at its next request; its roles follow the database.
    private static async Task RecheckCookieAsync(CookieValidatePrincipalContext ctx)
    {
        var accounts = ctx.HttpContext.RequestServices.GetRequiredService<AccountService>();
        if (await accounts.FindEnabledAsync(ctx.Principal?.Identity?.Name, ctx.HttpContext.RequestAborted) is { } account)
        {
            ctx.ReplacePrincipal(TwinClaims.Principal(account, CookieAuthenticationDefaults.AuthenticationScheme));
        }
        else
        {
            ctx.RejectPrincipal();
            await ctx.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }

    // A disabled account's tokens are refused at once, not when they expire; its roles follow the database.
    private static async Task RecheckTokenAsync(Microsoft.AspNetCore.Authentication.JwtBearer.TokenValidatedContext ctx)
    {
        var accounts = ctx.HttpContext.RequestServices.GetRequiredService<AccountService>();
        if (await accounts.FindEnabledAsync(ctx.Principal?.Identity?.Name, ctx.HttpContext.RequestAborted) is { } account)
        {
            ctx.Principal = TwinClaims.Principal(account, JwtBearerDefaults.AuthenticationScheme);
        }
        else
        {
            ctx.Fail("The account is disabled or gone.");
        }
    }
}
