using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Twin.Silo.Tests;

/// <summary>
/// The accounts every test silo has (<c>Twin:Auth:Accounts</c>, one per role, set by <see cref="TwinAppFixture.Isolate"/>),
/// and clients signed in as them: <c>app.CreateClientAs(TestAccounts.Operator)</c> for REST,
/// <c>options.AccessTokenProvider = app.TokenProvider(TestAccounts.Admin)</c> for the hub.
/// </summary>
public static class TestAccounts
{
    public const string Admin = "test-admin";
    public const string Operator = "test-operator";
    public const string Manager = "test-manager";
    public const string Planner = "test-planner";
    public const string School = "test-school";
    public const string Monitor = "test-monitor";

    /// <summary>Each account's role (its name without "test-").</summary>
    public static string[] All { get; } = [Admin, Operator, Manager, Planner, School, Monitor];

    /// <summary>The test password of an account (test silos only; never a real secret).</summary>
    public static string PasswordOf(string name) => name + "-password";

    /// <summary>Adds the accounts to a test silo's configuration.</summary>
    public static void Configure(IWebHostBuilder builder)
    {
        for (var i = 0; i < All.Length; i++)
        {
            builder.UseSetting($"Twin:Auth:Accounts:{i}:Name", All[i]);
            builder.UseSetting($"Twin:Auth:Accounts:{i}:Password", PasswordOf(All[i]));
            builder.UseSetting($"Twin:Auth:Accounts:{i}:Roles", All[i]["test-".Length..]);
        }
        builder.UseSetting($"Twin:Auth:Accounts:{Array.IndexOf(All, School)}:Schools", "es-01,es-02"); // two of the catalog's 66 elementary schools
    }

    /// <summary>An HTTP client that gets a token for <paramref name="name"/> on its first request and sends it on every one.</summary>
    public static HttpClient CreateClientAs(this WebApplicationFactory<Program> app, string name) =>
        app.CreateDefaultClient(new BearerHandler(app, name));

    /// <summary>A bearer token from <c>POST /api/auth/token</c>.</summary>
    public static async Task<string> TokenAsync(this WebApplicationFactory<Program> app, string name, CancellationToken ct = default)
    {
        using var http = app.CreateClient();
        using var response = await http.PostAsJsonAsync("/api/auth/token", new { name, password = PasswordOf(name) }, ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("accessToken").GetString()!;
    }

    /// <summary>For <see cref="HttpConnectionOptions.AccessTokenProvider"/>: the hub connection signs in as <paramref name="name"/>.</summary>
    public static Func<Task<string?>> TokenProvider(this WebApplicationFactory<Program> app, string name) =>
        async () => await app.TokenAsync(name);

    private sealed class BearerHandler(WebApplicationFactory<Program> app, string name) : DelegatingHandler
    {
        private string? _token;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            _token ??= await app.TokenAsync(name, cancellationToken);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
            return await base.SendAsync(request, cancellationToken);
        }
    }
}
