using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Twin.Grains.Abstractions.Alarms;
using Twin.Grains.Alarms;
using Twin.Silo.Api;
using Twin.Silo.Auth;
using Twin.Silo.Extensions;
using Twin.Storage.Alarms;
using static Twin.Silo.Tests.Alarms.AlarmSamples;

namespace Twin.Silo.Tests.Alarms;

public sealed class AlarmNotificationsApiTests
{
    [Fact]
    public async Task ParkedNotificationsAreListedNewestFirstAndCounted()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = new MemoryAlarmStore();
        var raised = Raised(PumpFault("01JALARM0001"));
        await store.SaveAsync(raised.Alarm, [Entry("n-1", raised, NotificationChannel.Webhook, "https://h.example/a"),
            Entry("n-2", raised, NotificationChannel.Email, "gone@example.jp"), Entry("n-3", raised, NotificationChannel.Mqtt, "toyama/alarms/chuo/pump-fault/pump-0042")], ct);
        await store.ParkAsync("n-1", Start, "The webhook answered 404 Not Found.", ct);
        await store.ParkAsync("n-2", Start.AddSeconds(1), "The SMTP server refused gone@example.jp: 550", ct);

        var port = TwinAppFixture.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<INotificationOutbox>(store);
        builder.Services.Configure<AlarmOptions>(o => o.PublicBaseUrl = "https://twin.example");
        builder.Services.ConfigureHttpJsonOptions(o => WebExtensions.ConfigureWireJson(o.SerializerOptions));
        // The endpoints' semantics alone: their policy admits anyone here (who may call them is AccessTests' business).
        builder.Services.AddAuthorizationBuilder().AddPolicy(TwinPolicies.ReadTwin, p => p.RequireAssertion(_ => true));
        await using var app = builder.Build();
        app.MapAlarmNotificationsApi();
        await app.StartAsync(ct);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        using var parked = JsonDocument.Parse(await http.GetStringAsync("/api/alarms/notifications/parked", ct));
        var items = parked.RootElement.EnumerateArray().ToArray();
        Assert.Equal(["n-2", "n-1"], items.Select(i => i.GetProperty("id").GetString()));
        Assert.Equal(["email", "webhook"], items.Select(i => i.GetProperty("channel").GetString()));
        Assert.Equal("gone@example.jp", items[0].GetProperty("target").GetString());
        Assert.Equal(1, items[0].GetProperty("attempts").GetInt32());
        Assert.Equal("The webhook answered 404 Not Found.", items[1].GetProperty("lastError").GetString());
        Assert.Equal("https://twin.example/api/alarms/01JALARM0001/ack", items[1].GetProperty("notification").GetProperty("ackUrl").GetString());

        Assert.Equal("""{"pending":1,"parked":2}""", await http.GetStringAsync("/api/alarms/notifications/stats", ct));
        Assert.Single(JsonDocument.Parse(await http.GetStringAsync("/api/alarms/notifications/parked?limit=1", ct)).RootElement.EnumerateArray());
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync("/api/alarms/notifications/parked?limit=0", ct)).StatusCode);
    }
}
