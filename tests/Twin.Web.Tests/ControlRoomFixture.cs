using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Playwright;

namespace Twin.Web.Tests;

/// <summary>
/// The whole silo on real Kestrel sockets (a browser cannot talk to the in-memory TestServer), with its own
/// HTTP, MQTT and Orleans ports and cluster id, plus one headless Debian Chromium driven by Playwright.
/// </summary>
public sealed class ControlRoomFixture : WebApplicationFactory<Program>, IAsyncLifetime
{
    /// <summary>Debian's package; Playwright must never download a browser (the test network is closed).</summary>
    private const string DefaultChromium = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-quic", "--disable-sync",
    ];

    private readonly int httpPort = FreePort();

    private IPlaywright? playwright;

    public ControlRoomFixture()
    {
        UseKestrel(o => o.Listen(IPAddress.Loopback, httpPort));
    }

    public int MqttPort { get; } = FreePort();

    public Uri BaseAddress => new($"http://127.0.0.1:{httpPort}/");

    public IBrowser Browser { get; private set; } = null!;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Twin:Mqtt:Port", Invariant(MqttPort));
        builder.UseSetting("Twin:Silo:SiloPort", Invariant(FreePort()));
        builder.UseSetting("Twin:Silo:GatewayPort", Invariant(FreePort()));
        builder.UseSetting("Twin:Silo:ClusterId", "web-test-" + Guid.NewGuid().ToString("N"));
        builder.UseSetting("Twin:Storage", "Memory");
        builder.UseSetting("Twin:Simulator:Enabled", "false");
        builder.UseSetting("Twin:Auth:Accounts:0:Name", Operator);
        builder.UseSetting("Twin:Auth:Accounts:0:Password", OperatorPassword);
        builder.UseSetting("Twin:Auth:Accounts:0:Roles", "operator");
        builder.UseSetting("Twin:Auth:Accounts:1:Name", Planner);
        builder.UseSetting("Twin:Auth:Accounts:1:Password", PlannerPassword);
        builder.UseSetting("Twin:Auth:Accounts:1:Roles", "planner");
        foreach (var (key, value) in Twin.Tests.Shared.MqttTestCredentials.SiloSettings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>The control-room operator the browser signs in as at <c>/login</c>, and the tests' REST calls use.</summary>
    public const string Operator = "web-operator";

    /// <summary>A test password (this silo only).</summary>
    public const string OperatorPassword = "web-operator-password";

    /// <summary>A planner: runs simulations, reads aggregates, not the live devices.</summary>
    public const string Planner = "web-planner";

    public const string PlannerPassword = "web-planner-password";

    /// <summary>An HTTP client with a bearer token of <see cref="Operator"/>.</summary>
    public async Task<HttpClient> CreateApiClientAsync(CancellationToken ct)
    {
        var http = new HttpClient { BaseAddress = BaseAddress };
        using var response = await http.PostAsJsonAsync("/api/auth/token", new { name = Operator, password = OperatorPassword }, ct);
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(ct)).GetProperty("accessToken").GetString();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    public async ValueTask InitializeAsync()
    {
        var chromium = Environment.GetEnvironmentVariable("TWIN_CHROMIUM") is { Length: > 0 } path ? path : DefaultChromium;
        if (!File.Exists(chromium))
        {
            Assert.Fail($"Chromium is not installed at {chromium}: the browser tests drive Debian's Chromium and never download one. " +
                "Install it with `apt-get install chromium` (./test.sh does), or point TWIN_CHROMIUM at a Chromium binary.");
        }
        StartServer();
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    public override async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        playwright?.Dispose();
        await base.DisposeAsync();
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class ControlRoomCollection : ICollectionFixture<ControlRoomFixture>
{
    public const string Name = "control-room";
}
