using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Twin.Silo.Tests.Auth;

/// <summary>The control room signs in at <c>/login</c>: a cookie (SameSite, HttpOnly) after a form with an antiforgery token.</summary>
[Collection(TwinAppCollection.Name)]
public sealed partial class LoginPageTests(TwinAppFixture app)
{
    private HttpClient Browser() => app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });

    private static async Task<string> AntiforgeryTokenAsync(HttpClient browser, CancellationToken ct)
    {
        var page = await browser.GetStringAsync("/login", ct);
        return TokenField().Match(page).Groups[1].Value;
    }

    private static FormUrlEncodedContent Form(string? token, string name, string password) => new(new Dictionary<string, string>
    {
        ["__RequestVerificationToken"] = token ?? "",
        ["name"] = name,
        ["password"] = password,
        ["returnUrl"] = "/?district=toyama",
    });

    [Fact]
    public async Task TheFormSignsInWithACookieTheApiThenAccepts()
    {
        var ct = TestContext.Current.CancellationToken;
        using var browser = Browser();
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/devices", ct)).StatusCode);

        var token = await AntiforgeryTokenAsync(browser, ct);
        Assert.NotEmpty(token);
        using var wrong = await browser.PostAsync("/login", Form(token, TestAccounts.Operator, "wrong password"), ct);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);

        token = await AntiforgeryTokenAsync(browser, ct);
        using var signedIn = await browser.PostAsync("/login", Form(token, TestAccounts.Operator, TestAccounts.PasswordOf(TestAccounts.Operator)), ct);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/?district=toyama", signedIn.Headers.Location?.OriginalString);
        var cookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("twin.session=", StringComparison.Ordinal));
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);

        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/devices", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync("/api/accounts", ct)).StatusCode);
        var me = await browser.GetFromJsonAsync<JsonElement>("/api/auth/me", ct);
        Assert.Equal(TestAccounts.Operator, me.GetProperty("name").GetString());

        // Signing out takes the page's form too.
        var page = await browser.GetStringAsync("/login", ct);
        Assert.Contains(TestAccounts.Operator, page, StringComparison.Ordinal);
        using var signOut = await browser.PostAsync("/logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = TokenField().Match(page).Groups[1].Value,
        }), ct);
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/devices", ct)).StatusCode);
    }

    [Fact]
    public async Task APostWithoutTheAntiforgeryTokenSignsNobodyIn()
    {
        var ct = TestContext.Current.CancellationToken;
        using var browser = Browser();
        await AntiforgeryTokenAsync(browser, ct);
        using var forged = await browser.PostAsync("/login", Form(null, TestAccounts.Operator, TestAccounts.PasswordOf(TestAccounts.Operator)), ct);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.False(forged.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("twin.session=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task TheReturnAddressStaysOnThisSite()
    {
        var ct = TestContext.Current.CancellationToken;
        using var browser = Browser();
        var token = await AntiforgeryTokenAsync(browser, ct);
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["name"] = TestAccounts.Operator,
            ["password"] = TestAccounts.PasswordOf(TestAccounts.Operator),
            ["returnUrl"] = "//evil.example/",
        });
        using var signedIn = await browser.PostAsync("/login", form, ct);
        Assert.Equal("/", signedIn.Headers.Location?.OriginalString);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
