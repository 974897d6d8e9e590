using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Twin.Silo.Tests.Auth;

/// <summary>Who may call what (DESIGN.md "Access"): 401 without credentials, 403 for the wrong role, the public paths open.</summary>
[Collection(TwinAppCollection.Name)]
public sealed class AccessTests(TwinAppFixture app)
{
    private static readonly string[] AnonymousPaths = ["/login", "/health", "/health/live", "/openapi/v1.json", "/api/public/city", "/api/public/districts", "/api/public/rivers"];

    /// <summary>Every mapped endpoint that does not allow anonymous callers, with a method and a path that reaches it.</summary>
    private IEnumerable<(string Method, string Path)> ClosedEndpoints()
    {
        var sources = app.Services.GetServices<EndpointDataSource>();
        foreach (var endpoint in sources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            {
                continue;
            }
            // Any value reaches the endpoint: authorization runs before its parameters are read.
            var path = "/" + string.Join('/', endpoint.RoutePattern.PathSegments.Select(segment =>
                string.Concat(segment.Parts.Select(part => part switch
                {
                    Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
                    Microsoft.AspNetCore.Routing.Patterns.RoutePatternSeparatorPart separator => separator.Content,
                    _ => "toyama",
                }))));
            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                yield return (method, path);
            }
        }
    }

    [Fact]
    public async Task WithoutCredentialsEveryNonPublicEndpointAnswers401()
    {
        var ct = TestContext.Current.CancellationToken;
        using var anonymous = app.CreateClient();
        var closed = ClosedEndpoints().ToList();
        Assert.Contains(("GET", "/api/devices"), closed);
        Assert.Contains(("GET", "/metrics"), closed);
        Assert.Contains(closed, e => e.Path == "/hubs/twin/negotiate");
        Assert.Contains(closed, e => e.Path.StartsWith("/api/accounts", StringComparison.Ordinal));
        foreach (var (method, path) in closed)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method is "POST" or "PUT")
            {
                request.Content = JsonContent.Create(new { });
            }
            using var response = await anonymous.SendAsync(request, ct);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} answered {(int)response.StatusCode} without credentials");
        }
    }

    [Fact]
    public async Task TheAnonymousPathsAnswerWithoutCredentialsAndHealthShowsOnlyItsStatus()
    {
        var ct = TestContext.Current.CancellationToken;
        using var anonymous = app.CreateClient();
        foreach (var path in AnonymousPaths)
        {
            using var response = await anonymous.GetAsync(path, ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} answered {(int)response.StatusCode} anonymously");
        }
        var health = await anonymous.GetFromJsonAsync<JsonElement>("/health", ct);
        Assert.Equal(["status"], health.EnumerateObject().Select(p => p.Name));

        using var monitor = app.CreateClientAs(TestAccounts.Monitor);
        var details = await monitor.GetFromJsonAsync<JsonElement>("/health", ct);
        Assert.True(details.GetProperty("checks").TryGetProperty("grains", out _));
    }

    [Fact]
    public async Task ThePublicApiHoldsNothingPerChildOrPerDevice()
    {
        var ct = TestContext.Current.CancellationToken;
        using var anonymous = app.CreateClient();
        var city = await anonymous.GetFromJsonAsync<JsonElement>("/api/public/city", ct);
        Assert.Equal(7, city.GetProperty("districts").GetArrayLength());
        Assert.False(string.IsNullOrEmpty(city.GetProperty("status").GetString()));
        var rivers = await anonymous.GetFromJsonAsync<JsonElement>("/api/public/rivers", ct);
        Assert.True(rivers.GetArrayLength() > 0);
        Assert.True(rivers[0].GetProperty("gauges").GetArrayLength() > 0);

        string[] forbidden = ["children", "childCells", "child", "position", "lat", "lon", "devEui", "health", "devices", "reading", "changed"];
        foreach (var path in AnonymousPaths.Where(p => p.StartsWith("/api/public/", StringComparison.Ordinal)))
        {
            var names = new List<string>();
            Collect(await anonymous.GetFromJsonAsync<JsonElement>(path, ct), names);
            Assert.True(!names.Intersect(forbidden).Any(), $"{path} holds {string.Join(", ", names.Intersect(forbidden))}");
        }
        Assert.DoesNotContain("child-tracker", await anonymous.GetStringAsync("/api/public/rivers", ct), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TestAccounts.Operator, "/api/accounts", HttpStatusCode.Forbidden)]
    [InlineData(TestAccounts.Manager, "/api/accounts", HttpStatusCode.Forbidden)]
    [InlineData(TestAccounts.Admin, "/api/accounts", HttpStatusCode.OK)]
    [InlineData(TestAccounts.Operator, "/api/devices", HttpStatusCode.OK)]
    [InlineData(TestAccounts.Operator, "/metrics", HttpStatusCode.Forbidden)]
    [InlineData(TestAccounts.Planner, "/api/city", HttpStatusCode.OK)]
    [InlineData(TestAccounts.Planner, "/api/devices", HttpStatusCode.Forbidden)]
    [InlineData(TestAccounts.School, "/api/city", HttpStatusCode.Forbidden)]
    [InlineData(TestAccounts.Monitor, "/metrics", HttpStatusCode.OK)]
    [InlineData(TestAccounts.Monitor, "/api/city", HttpStatusCode.Forbidden)]
    public async Task EachRoleReachesWhatTheContractGivesItAndGets403ForTheRest(string account, string path, HttpStatusCode expected)
    {
        using var http = app.CreateClientAs(account);
        using var response = await http.GetAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Forbidden)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task PrometheusReadsMetricsWithBasicAsAMonitorAccount()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = app.CreateClient();
        HttpRequestMessage Basic(string name, string password) => new(HttpMethod.Get, "/metrics")
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{name}:{password}"))) },
        };
        using var monitor = await http.SendAsync(Basic(TestAccounts.Monitor, TestAccounts.PasswordOf(TestAccounts.Monitor)), ct);
        Assert.Equal(HttpStatusCode.OK, monitor.StatusCode);
        Assert.Contains("twin_", await monitor.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);

        using var operatorBasic = await http.SendAsync(Basic(TestAccounts.Operator, TestAccounts.PasswordOf(TestAccounts.Operator)), ct);
        Assert.Equal(HttpStatusCode.Forbidden, operatorBasic.StatusCode);

        using var wrong = await http.SendAsync(Basic(TestAccounts.Monitor, "not-the-password"), ct);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.StartsWith("Basic", wrong.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);

        // Basic is for Prometheus only: the API wants a token or the page's cookie.
        using var api = new HttpRequestMessage(HttpMethod.Get, "/api/city")
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TestAccounts.Admin}:{TestAccounts.PasswordOf(TestAccounts.Admin)}"))) },
        };
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(api, ct)).StatusCode);
    }

    [Fact]
    public async Task TheHubRefusesAViewerWithoutCredentialsAndChecksEachMethodsRole()
    {
        var ct = TestContext.Current.CancellationToken;
        HubConnection Connect(string? account) => new HubConnectionBuilder()
            .WithUrl(new Uri(app.Server.BaseAddress, "/hubs/twin"), o =>
            {
                o.HttpMessageHandlerFactory = _ => app.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
                if (account is not null)
                {
                    o.AccessTokenProvider = app.TokenProvider(account);
                }
            })
            .Build();

        await using var anonymous = Connect(null);
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => anonymous.StartAsync(ct));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        await using var monitor = Connect(TestAccounts.Monitor);
        var forbidden = await Assert.ThrowsAsync<HttpRequestException>(() => monitor.StartAsync(ct));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);

        // A planner reads aggregates, never a single device.
        await using var planner = Connect(TestAccounts.Planner);
        await planner.StartAsync(ct);
        await planner.InvokeAsync("SubscribeCity", ct);
        await Assert.ThrowsAsync<HubException>(() => planner.InvokeAsync("SubscribeDevice", "anything", ct));
        await Assert.ThrowsAsync<HubException>(() => planner.InvokeAsync("SubscribeAlarms", ct));

        await using var operatorViewer = Connect(TestAccounts.Operator);
        await operatorViewer.StartAsync(ct);
        await operatorViewer.InvokeAsync("SubscribeAlarms", ct);
    }

    [Fact]
    public async Task TheHubTakesTheTokenFromTheQueryStringForWebSockets()
    {
        var ct = TestContext.Current.CancellationToken;
        var token = await app.TokenAsync(TestAccounts.Operator, ct);
        using var http = app.CreateClient();
        using var withToken = await http.PostAsync($"/hubs/twin/negotiate?negotiateVersion=1&access_token={token}", null, ct);
        Assert.Equal(HttpStatusCode.OK, withToken.StatusCode);
        using var without = await http.PostAsync("/hubs/twin/negotiate?negotiateVersion=1", null, ct);
        Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
    }

    private static void Collect(JsonElement element, List<string> names)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    names.Add(property.Name);
                    Collect(property.Value, names);
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, names);
                }
                break;
        }
    }
}
