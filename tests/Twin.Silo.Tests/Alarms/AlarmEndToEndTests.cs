using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Twin.Catalog;
using Twin.Grains.Abstractions;

namespace Twin.Silo.Tests.Alarms;

/// <summary>A silo of its own whose one webhook is a real receiver the fixture starts.</summary>
public sealed class AlarmAppFixture : TwinAppFixture
{
    public int WebhookPort { get; } = FreePort();

    public WebhookReceiver Receiver { get; private set; } = null!;

    protected override void Configure(IWebHostBuilder builder)
    {
        builder.UseSetting("Twin:Alarms:WebhookUrl", $"http://127.0.0.1:{WebhookPort}/hook");
        builder.UseSetting("Twin:Alarms:PublicBaseUrl", "https://twin.city.example");
    }

    public override async ValueTask InitializeAsync()
    {
        Receiver = await WebhookReceiver.StartAsync(WebhookPort);
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}

/// <summary>The manager's path end to end: a device's fault over MQTT → an alarm → a webhook → acknowledged over REST → normal.</summary>
public sealed class AlarmEndToEndTests(AlarmAppFixture silo) : IClassFixture<AlarmAppFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task APumpFaultFromMosquittoPubReachesTheWebhookWithinTwoSecondsIsAcknowledgedOverRestAndIsNormalWhenThePumpRuns()
    {
        var ct = TestContext.Current.CancellationToken;
        var pumps = silo.Services.GetRequiredService<TwinCatalog>().Devices.Where(d => d.Kind == DeviceKind.SnowPump).TakeLast(2).ToList();
        var now = DateTimeOffset.UtcNow;

        // A running twin is warm: the silo's very first uplink also pays for code loading and first activations.
        var (exit, output) = await silo.MosquittoPubAsync($"toyama/snow-pump/{pumps[0].Id}/up", $"{{\"ts\":\"{now:O}\",\"seq\":1,\"state\":\"low_water\"}}");
        Assert.True(exit == 0, output);
        await silo.Receiver.WhenReceivedAsync(1).WaitAsync(Wait, ct);

        var pump = pumps[1];
        var topic = $"toyama/snow-pump/{pump.Id}/up";
        var raisedBefore = silo.Receiver.Requests.Count;

        var sent = Stopwatch.StartNew();
        (exit, output) = await silo.MosquittoPubAsync(topic, $"{{\"ts\":\"{now:O}\",\"seq\":1,\"state\":\"pump_fault\"}}");
        Assert.True(exit == 0, output);
        await silo.Receiver.WhenReceivedAsync(raisedBefore + 1).WaitAsync(Wait, ct);
        var elapsed = sent.Elapsed;
        var raise = Assert.Single(silo.Receiver.Requests, r => r.Source == pump.Id && r.Action == "raise");
        Assert.True(elapsed < TimeSpan.FromSeconds(2), $"the webhook came {elapsed.TotalMilliseconds:0} ms after the publish");
        Assert.Equal(raise.NotificationId, raise.IdempotencyKey);
        Assert.Equal($"https://twin.city.example/api/alarms/{raise.AlarmId}/ack", raise.AckUrl);

        var listed = await silo.Http.GetFromJsonAsync<JsonElement>("/api/alarms", ct);
        var alarm = Assert.Single(listed.EnumerateArray(), a => a.GetProperty("source").GetString() == pump.Id);
        Assert.Equal(raise.AlarmId, alarm.GetProperty("id").GetString());
        Assert.Equal(("pump-fault", "alarm", "active-unacknowledged"),
            (alarm.GetProperty("type").GetString(), alarm.GetProperty("severity").GetString(), alarm.GetProperty("state").GetString()));

        // The signed-in operator acts; a `by` in the body is not believed.
        using var operatorHttp = silo.CreateClientAs(TestAccounts.Operator);
        var ack = await operatorHttp.PostAsJsonAsync($"/api/alarms/{raise.AlarmId}/ack", new { by = "someone-else", comment = "crew on the way" }, ct);
        Assert.Equal(System.Net.HttpStatusCode.OK, ack.StatusCode);
        var acked = await ack.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal(("active-acknowledged", TestAccounts.Operator), (acked.GetProperty("state").GetString(), acked.GetProperty("ackedBy").GetString()));
        await silo.Receiver.WhenReceivedAsync(raisedBefore + 2).WaitAsync(Wait, ct);
        var told = Assert.Single(silo.Receiver.Requests, r => r.AlarmId == raise.AlarmId && r.Action == "acknowledge");
        Assert.Equal(TestAccounts.Operator, told.By);

        var again = await operatorHttp.PostAsJsonAsync($"/api/alarms/{raise.AlarmId}/ack", new { }, ct);
        Assert.Equal(System.Net.HttpStatusCode.Conflict, again.StatusCode);

        (exit, output) = await silo.MosquittoPubAsync(topic, $"{{\"ts\":\"{now.AddSeconds(30):O}\",\"seq\":2,\"state\":\"running\",\"pressure_mpa\":0.3}}");
        Assert.True(exit == 0, output);
        await silo.Receiver.WhenReceivedAsync(raisedBefore + 3).WaitAsync(Wait, ct);
        Assert.Single(silo.Receiver.Requests, r => r.AlarmId == raise.AlarmId && r.Action == "return");
        var over = await silo.Http.GetFromJsonAsync<JsonElement>($"/api/alarms/{raise.AlarmId}", ct);
        Assert.Equal("normal", over.GetProperty("state").GetString());
        Assert.Equal(["raise", "acknowledge", "return"], over.GetProperty("transitions").EnumerateArray().Select(t => t.GetProperty("action").GetString()));
        Assert.DoesNotContain((await silo.Http.GetFromJsonAsync<JsonElement>("/api/alarms", ct)).EnumerateArray(), a => a.GetProperty("id").GetString() == raise.AlarmId);
    }

    [Fact]
    public async Task BadCommandsAreProblemDetails()
    {
        var ct = TestContext.Current.CancellationToken;
        var unknown = await silo.Http.PostAsJsonAsync("/api/alarms/no-such-alarm/ack", new { by = "x" }, ct);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        using var planner = silo.CreateClientAs(TestAccounts.Planner);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await planner.PostAsJsonAsync("/api/alarms/no-such-alarm/ack", new { }, ct)).StatusCode);
        using var operatorHttp = silo.CreateClientAs(TestAccounts.Operator);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await operatorHttp.PostAsJsonAsync("/api/alarms/no-such-alarm/out-of-service", new { }, ct)).StatusCode);
        using var anonymous = silo.CreateClient();
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/alarms", ct)).StatusCode);
        var badFilter = await silo.Http.GetAsync("/api/alarms?state=bogus", ct);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, badFilter.StatusCode);
        Assert.Contains("active-unacknowledged", await badFilter.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await silo.Http.GetAsync("/api/alarms?state=normal,shelved&severity=alarm,critical&type=pump-fault&district=toyama", ct)).StatusCode);
    }
}
