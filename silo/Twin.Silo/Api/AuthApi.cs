using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Twin.Silo.Auth;
using Twin.Silo.Contracts;

namespace Twin.Silo.Api;

/// <summary>Signing in: <c>POST /api/auth/token</c> (bearer tokens), <c>/login</c> and <c>/logout</c> (the page's cookie), <c>GET /api/auth/me</c>.</summary>
public static class AuthApi
{
    /// <summary>Maps the sign-in endpoints; all but <c>/api/auth/me</c> are anonymous.</summary>
    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/auth/token", IssueTokenAsync)
            .AllowAnonymous()
            .WithTags("Access")
            .Produces<TokenResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithSummary("A short-lived bearer token for a local account's name and password (Authorization: Bearer …, or access_token on the hub)");

        app.MapGet("/api/auth/me", (HttpContext http) => TypedResults.Ok(new MeDto(
                TwinClaims.ActorOf(http.User)!,
                [.. http.User.Claims.Where(c => c.Type == ((System.Security.Claims.ClaimsIdentity)http.User.Identity!).RoleClaimType).Select(c => c.Value)],
                TwinClaims.SchoolsOf(http.User))))
            .WithTags("Access")
            .WithSummary("The signed-in account: name, roles, schools");

        app.MapGet("/login", (HttpContext http, IAntiforgery antiforgery, IOptions<AuthOptions> options, string? returnUrl) =>
        {
            var target = LoginPage.LocalOrRoot(returnUrl);
            // With the city's identity provider the page signs in there; its answer becomes our cookie.
            if (options.Value.Mode == AuthMode.Oidc && !string.IsNullOrEmpty(options.Value.ClientId) && http.User.Identity?.IsAuthenticated != true)
            {
                return Results.Challenge(new AuthenticationProperties { RedirectUri = target }, [OpenIdConnectDefaults.AuthenticationScheme]);
            }
            return LoginPage.Render(http, antiforgery, target);
        }).AllowAnonymous().ExcludeFromDescription();

        app.MapPost("/login", SignInAsync).AllowAnonymous().ExcludeFromDescription();

        app.MapPost("/logout", async (HttpContext http, IAntiforgery antiforgery) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: "The form's antiforgery token is missing or wrong; reload /login.");
            }
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.Redirect("/login");
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> IssueTokenAsync(TokenRequest? request, HttpContext http, AccountService accounts, TokenIssuer issuer, IOptions<AuthOptions> options)
    {
        if (options.Value.Mode != AuthMode.Local)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No local tokens",
                detail: "Twin:Auth:Mode is Oidc: get a token from the city's identity provider.");
        }
        if (string.IsNullOrEmpty(request?.Name) || string.IsNullOrEmpty(request.Password))
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: "Give {\"name\": …, \"password\": …}.");
        }
        var outcome = await accounts.SignInAsync(request.Name, request.Password, ClientAddress.Of(http), http.RequestAborted);
        if (outcome.RetryAfter is { } wait)
        {
            return TooManySignIns.Result(http, wait);
        }
        if (outcome.Account is not { } account)
        {
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in refused",
                detail: "Wrong name or password, or the account is disabled.");
        }
        var (token, expiresIn) = issuer.Issue(account);
        return TypedResults.Ok(new TokenResponse(token, "Bearer", expiresIn));
    }

    private static async Task<IResult> SignInAsync(HttpContext http, IAntiforgery antiforgery, AccountService accounts)
    {
        if (!http.Request.HasFormContentType)
        {
            return Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type", detail: "Post the sign-in form.");
        }
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var returnUrl = LoginPage.LocalOrRoot(form["returnUrl"]);
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return LoginPage.Render(http, antiforgery, returnUrl, "フォームの有効期限が切れました。もう一度お試しください。 The form expired; please try again.", StatusCodes.Status400BadRequest);
        }
        var outcome = await accounts.SignInAsync(form["name"], form["password"], ClientAddress.Of(http), http.RequestAborted);
        if (outcome.RetryAfter is { } wait)
        {
            return LoginPage.Render(http, antiforgery, returnUrl,
                $"失敗が多すぎます。{Math.Ceiling(wait.TotalMinutes)} 分後にお試しください。 Too many failed sign-ins; try again in {Math.Ceiling(wait.TotalMinutes)} min.",
                StatusCodes.Status429TooManyRequests);
        }
        if (outcome.Account is not { } account)
        {
            return LoginPage.Render(http, antiforgery, returnUrl,
                "アカウント名またはパスワードが違います。 Wrong name or password, or the account is disabled.", StatusCodes.Status401Unauthorized);
        }
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, TwinClaims.Principal(account, CookieAuthenticationDefaults.AuthenticationScheme));
        return Results.Redirect(returnUrl);
    }
}
