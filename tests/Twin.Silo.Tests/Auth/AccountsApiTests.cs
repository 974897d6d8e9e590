using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Twin.Silo.Tests.Auth;

/// <summary><c>/api/accounts</c>: an admin creates, disables, re-enables accounts, resets passwords and sets roles, each effective at once.</summary>
[Collection(TwinAppCollection.Name)]
public sealed class AccountsApiTests(TwinAppFixture app)
{
    private async Task<HttpResponseMessage> TokenResponseAsync(string name, string password) =>
        await app.CreateClient().PostAsJsonAsync("/api/auth/token", new { name, password }, TestContext.Current.CancellationToken);

    private async Task<string> TokenAsync(string name, string password)
    {
        using var response = await TokenResponseAsync(name, password);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("Bearer", body.GetProperty("tokenType").GetString());
        Assert.InRange(body.GetProperty("expiresIn").GetInt32(), 60, 3600);
        return body.GetProperty("accessToken").GetString()!;
    }

    private async Task<HttpStatusCode> GetWithTokenAsync(string token, string path)
    {
        using var http = app.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.GetAsync(path, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

    [Fact]
    public async Task AnAdminCreatesAnAccountWhoseTokenStopsWorkingTheMomentItIsDisabled()
    {
        var ct = TestContext.Current.CancellationToken;
        var admin = app.Http;
        const string name = "night-shift-1";
        const string password = "a long night shift password";

        using var created = await admin.PostAsJsonAsync("/api/accounts", new { name, password, roles = new[] { "operator" } }, ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var account = await created.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal(name, account.GetProperty("name").GetString());
        Assert.False(account.TryGetProperty("passwordHash", out _));
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsJsonAsync("/api/accounts", new { name, password, roles = new[] { "operator" } }, ct)).StatusCode);

        var token = await TokenAsync(name, password);
        Assert.Equal(HttpStatusCode.OK, await GetWithTokenAsync(token, "/api/devices"));
        Assert.Equal(HttpStatusCode.Forbidden, await GetWithTokenAsync(token, "/api/accounts"));

        // Roles follow the database, not the token: a new role works with the token already issued.
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/accounts/{name}/roles", new { roles = new[] { "operator", "admin" } }, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, await GetWithTokenAsync(token, "/api/accounts"));
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/accounts/{name}/roles", new { roles = new[] { "operator" } }, ct)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/accounts/{name}/disable", null, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await GetWithTokenAsync(token, "/api/devices"));
        using (var refused = await TokenResponseAsync(name, password))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/accounts/{name}/enable", null, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync($"/api/accounts/{name}/password", new { password = "short" }, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/accounts/{name}/password", new { password = "another long password" }, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, await GetWithTokenAsync(await TokenAsync(name, "another long password"), "/api/devices"));

        var list = await admin.GetFromJsonAsync<JsonElement>("/api/accounts", ct);
        Assert.Contains(list.EnumerateArray(), a => a.GetProperty("name").GetString() == name && !a.GetProperty("disabled").GetBoolean());
        Assert.DoesNotContain("password", await admin.GetStringAsync("/api/accounts", ct), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AccountsAreRefusedUnknownRolesBadNamesAndShortPasswords()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(HttpStatusCode.BadRequest, (await app.Http.PostAsJsonAsync("/api/accounts", new { name = "x1", password = "long enough password", roles = new[] { "root" } }, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await app.Http.PostAsJsonAsync("/api/accounts", new { name = "Bad Name!", password = "long enough password", roles = new[] { "operator" } }, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await app.Http.PostAsJsonAsync("/api/accounts", new { name = "x2", password = "short", roles = new[] { "operator" } }, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Http.PostAsync("/api/accounts/nobody-here/disable", null, ct)).StatusCode);
    }

    [Fact]
    public async Task TheSignedInAccountIsWhoActed()
    {
        using var http = app.CreateClientAs(TestAccounts.School);
        var me = await http.GetFromJsonAsync<JsonElement>("/api/auth/me", TestContext.Current.CancellationToken);
        Assert.Equal(TestAccounts.School, me.GetProperty("name").GetString());
        Assert.Equal(["school"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(["es-01", "es-02"], me.GetProperty("schools").EnumerateArray().Select(r => r.GetString()));
    }
}
