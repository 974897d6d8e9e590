using System.Net;
using Microsoft.AspNetCore.Antiforgery;

namespace Twin.Silo.Api;

/// <summary>The control room's sign-in page (plain HTML, no script): a form with its antiforgery token, or "signed in as …" with a sign-out form.</summary>
internal static class LoginPage
{
    /// <summary>The page, with a message when a sign-in failed.</summary>
    public static IResult Render(HttpContext http, IAntiforgery antiforgery, string returnUrl, string? error = null, int status = StatusCodes.Status200OK)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        var field = $"""<input type="hidden" name="{Html(tokens.FormFieldName)}" value="{Html(tokens.RequestToken ?? "")}">""";
        var user = http.User.Identity is { IsAuthenticated: true, Name: { } name } ? name : null;
        var body = user is null
            ? $"""
                <form method="post" action="/login">
                  {field}
                  <input type="hidden" name="returnUrl" value="{Html(returnUrl)}">
                  <label>アカウント Account <input name="name" autocomplete="username" required autofocus></label>
                  <label>パスワード Password <input name="password" type="password" autocomplete="current-password" required></label>
                  <button type="submit">サインイン Sign in</button>
                </form>
                """
            : $"""
                <p>サインイン中 Signed in as <strong>{Html(user)}</strong>. <a href="{Html(returnUrl)}">管制画面へ To the control room</a></p>
                <form method="post" action="/logout">
                  {field}
                  <button type="submit">サインアウト Sign out</button>
                </form>
                """;
        var message = error is null ? "" : $"""<p class="error" role="alert">{Html(error)}</p>""";
        var html = $$"""
            <!doctype html>
            <html lang="ja">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <link rel="icon" href="data:,">
              <title>サインイン Sign in — 富山市デジタルツイン Toyama City twin</title>
              <style>
                body { font-family: system-ui, sans-serif; background: #10161d; color: #e8eef3; display: grid; place-items: center; min-height: 100vh; margin: 0; }
                main { background: #1b2530; padding: 2rem; border-radius: 8px; min-width: 20rem; }
                label { display: block; margin: 0.8rem 0; }
                input { display: block; width: 100%; box-sizing: border-box; padding: 0.4rem; margin-top: 0.2rem; }
                button { padding: 0.5rem 1rem; margin-top: 0.5rem; }
                .error { color: #ff8a80; }
                a { color: #8ecbff; }
              </style>
            </head>
            <body>
              <main>
                <h1>富山市デジタルツイン<br><small>Toyama City live twin</small></h1>
                {{message}}
                {{body}}
              </main>
            </body>
            </html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }

    /// <summary>The return address when it stays on this site, else the control room.</summary>
    public static string LocalOrRoot(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl[0] == '/' && (returnUrl.Length == 1 || (returnUrl[1] != '/' && returnUrl[1] != '\\'))
            ? returnUrl
            : "/";

    private static string Html(string text) => WebUtility.HtmlEncode(text);
}
