using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Twin.Silo.Tests.Auth;

/// <summary>
/// A silo in Oidc mode whose identity provider is this fixture: the provider's metadata (issuer, signing key) is
/// handed to the bearer handler directly, so nothing is fetched from the network.
/// </summary>
public sealed class OidcFixture : WebApplicationFactory<Program>
{
    public const string Authority = "https://id.city.example/realms/toyama";
    public const string Audience = "toyama-twin";

    public RsaSecurityKey ProviderKey { get; } = new(RSA.Create(2048)) { KeyId = "city-idp-1" };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        TwinAppFixture.Isolate(builder, "oidc");
        builder.UseSetting("Twin:Auth:Mode", "Oidc");
        builder.UseSetting("Twin:Auth:Authority", Authority);
        builder.UseSetting("Twin:Auth:Audience", Audience);
        builder.UseSetting("Twin:Auth:RoleClaim", "twin_roles");
        builder.UseSetting("Twin:Auth:NameClaim", "preferred_username");
        builder.ConfigureTestServices(services => services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o =>
        {
            var metadata = new OpenIdConnectConfiguration { Issuer = Authority };
            metadata.SigningKeys.Add(ProviderKey);
            o.Configuration = metadata;
            o.ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(metadata);
        }));
    }

    /// <summary>An access token as the city's provider would issue it.</summary>
    public static string Token(SecurityKey key, string name, string[] roles, string issuer = Authority, string audience = Audience) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Expires = DateTime.UtcNow.AddMinutes(5),
            Claims = new Dictionary<string, object> { ["preferred_username"] = name, ["twin_roles"] = roles, ["sub"] = Guid.NewGuid().ToString() },
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
}

public sealed class OidcTests(OidcFixture silo) : IClassFixture<OidcFixture>
{
    private async Task<HttpResponseMessage> GetAsync(string token, string path)
    {
        using var http = silo.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await http.GetAsync(path, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task TheProvidersTokenSignsInWithTheRolesOfTheConfiguredClaim()
    {
        var ct = TestContext.Current.CancellationToken;
        var token = OidcFixture.Token(silo.ProviderKey, "yamada.hanako", ["operator"]);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(token, "/api/devices")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(token, "/api/accounts")).StatusCode);
        using var me = await GetAsync(token, "/api/auth/me");
        var body = await me.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal("yamada.hanako", body.GetProperty("name").GetString());
        Assert.Equal(["operator"], body.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));

        var admin = OidcFixture.Token(silo.ProviderKey, "sato.taro", ["admin", "monitor"]);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(admin, "/api/accounts")).StatusCode);
    }

    [Fact]
    public async Task ATokenOfAnotherKeyIssuerOrAudienceIsRefused()
    {
        using var rsa = RSA.Create(2048);
        var stranger = new RsaSecurityKey(rsa) { KeyId = "city-idp-1" };
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(OidcFixture.Token(stranger, "mallory", ["admin"]), "/api/devices")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(OidcFixture.Token(silo.ProviderKey, "mallory", ["admin"], issuer: "https://elsewhere.example"), "/api/devices")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(OidcFixture.Token(silo.ProviderKey, "mallory", ["admin"], audience: "another-app"), "/api/devices")).StatusCode);
        // No local tokens in Oidc mode.
        using var local = await silo.CreateClient().PostAsJsonAsync("/api/auth/token", new { name = TestAccounts.Admin, password = TestAccounts.PasswordOf(TestAccounts.Admin) }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, local.StatusCode);
    }
}
