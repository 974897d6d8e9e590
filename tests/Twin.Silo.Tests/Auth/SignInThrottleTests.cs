using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Twin.Silo.Tests.Auth;

/// <summary>A silo with no configured account (so the first start creates <c>admin</c>) and a tight sign-in throttle.</summary>
public sealed class FreshSiloFixture : WebApplicationFactory<Program>
{
    public const string AdminPassword = "bootstrap admin password";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        TwinAppFixture.Isolate(builder, "fresh", withAccounts: false);
        builder.UseSetting("Twin:Auth:BootstrapAdminPassword", AdminPassword);
        builder.UseSetting("Twin:Auth:MaxFailedSignInsPerAccount", "3");
        builder.UseSetting("Twin:Auth:MaxFailedSignInsPerAddress", "1000");
    }
}

public sealed class SignInThrottleTests(FreshSiloFixture silo) : IClassFixture<FreshSiloFixture>
{
    private async Task<HttpResponseMessage> TokenAsync(string name, string password) =>
        await silo.CreateClient().PostAsJsonAsync("/api/auth/token", new { name, password }, TestContext.Current.CancellationToken);

    [Fact]
    public async Task TheFirstStartCreatesAdminWithTheConfiguredPassword()
    {
        using var response = await TokenAsync("admin", FreshSiloFixture.AdminPassword);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task RepeatedWrongPasswordsAreAnswered429EvenWhenTheRightOneFollows()
    {
        var ct = TestContext.Current.CancellationToken;
        using (var admin = await TokenAsync("admin", FreshSiloFixture.AdminPassword))
        {
            Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        }
        using (var created = await silo.CreateClient().SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/accounts")
        {
            Headers = { Authorization = new("Bearer", (await (await TokenAsync("admin", FreshSiloFixture.AdminPassword)).Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("accessToken").GetString()) },
            Content = JsonContent.Create(new { name = "guessed", password = "the right password", roles = new[] { "operator" } }),
        }, ct))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        for (var i = 0; i < 3; i++)
        {
            using var wrong = await TokenAsync("guessed", "guess " + i);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }
        using var throttled = await TokenAsync("guessed", "the right password");
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal("application/problem+json", throttled.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(throttled.Headers.RetryAfter?.Delta);
        var problem = await throttled.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal(429, problem.GetProperty("status").GetInt32());

        // Another account from the same address still signs in: the name's count is its own.
        using var other = await TokenAsync("admin", FreshSiloFixture.AdminPassword);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }
}
