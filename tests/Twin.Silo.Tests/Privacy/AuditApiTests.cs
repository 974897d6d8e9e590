using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Twin.Silo.Tests.Privacy;

/// <summary><c>GET /api/audit</c>: admin only, a plain array of <c>{at, actor, action, target, details}</c>, filtered by time and actor; account changes are in it.</summary>
public sealed class AuditApiTests(MemoryPrivacySilo silo) : IClassFixture<MemoryPrivacySilo>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AccountChangesAreAuditedAndOnlyAnAdminReadsTheLog()
    {
        using var admin = silo.CreateClientAs(TestAccounts.Admin);
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var name = $"audited-{Guid.NewGuid():N}"[..20];
        using (var created = await admin.PostAsJsonAsync("/api/accounts", new { name, password = "a-long-enough-password", roles = new[] { "operator" } }, Ct))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        using (var disabled = await admin.PostAsync($"/api/accounts/{name}/disable", null, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
        }

        var lines = await admin.GetFromJsonAsync<JsonElement[]>(
            $"/api/audit?from={Uri.EscapeDataString(before.ToString("O"))}&actor={TestAccounts.Admin}", Ct);
        var mine = lines!.Where(l => l.GetProperty("target").GetString() == name).ToList();
        Assert.Equal(["account.create", "account.change"], mine.Select(l => l.GetProperty("action").GetString()));
        Assert.Contains("operator", mine[0].GetProperty("details").GetString(), StringComparison.Ordinal);
        Assert.Equal("disabled", mine[1].GetProperty("details").GetString());
        Assert.All(mine, l => Assert.Equal(TestAccounts.Admin, l.GetProperty("actor").GetString()));
        Assert.Empty(await admin.GetFromJsonAsync<JsonElement[]>($"/api/audit?to={Uri.EscapeDataString(before.ToString("O"))}&actor={TestAccounts.Admin}", Ct) ?? []);

        foreach (var account in TestAccounts.All.Where(a => a != TestAccounts.Admin))
        {
            using var http = silo.CreateClientAs(account);
            Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync("/api/audit", Ct)).StatusCode);
        }
        using var anonymous = silo.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/audit", Ct)).StatusCode);
        using var badTime = await admin.GetAsync("/api/audit?from=yesterday", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, badTime.StatusCode);
        Assert.Equal("application/problem+json", badTime.Content.Headers.ContentType?.MediaType);
    }
}
