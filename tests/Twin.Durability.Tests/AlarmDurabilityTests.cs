using System.Net.Http.Json;
using System.Text.Json;
using Twin.Durability.Tests.Infrastructure;
using Twin.Silo.Tests.Alarms;

namespace Twin.Durability.Tests;

/// <summary>
/// Alarms and their notifications survive kill -9: a silo killed while its webhook receiver is down sends every pending
/// notification, in order, once it is back; the alarm's state is as it was and its lifecycle goes on.
/// </summary>
[Collection(SiloProcesses.Name)]
public sealed class AlarmDurabilityTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);

    [Fact]
    public Task OnSqliteASiloKilledWithNotificationsPendingSendsThemAfterRestartAndTheAlarmGoesOn() =>
        Scenario.RunAsync("alarms-sqlite", async s =>
            await KilledWithPendingNotificationsAsync(s, s.Silo("silo") with { Storage = "Sqlite", SqlitePath = Path.Combine(s.Directory, "twin.db") }));

    [Fact]
    public Task OnPostgresqlASiloKilledWithNotificationsPendingSendsThemAfterRestartAndTheAlarmGoesOn() =>
        Scenario.RunAsync("alarms-postgres", async s =>
            await KilledWithPendingNotificationsAsync(s, s.Silo("silo") with { Storage = "Postgres", PostgresConnectionString = await s.CreatePostgresDatabaseAsync() }));

    private static async Task KilledWithPendingNotificationsAsync(Scenario s, SiloSettings settings)
    {
        var ct = TestContext.Current.CancellationToken;
        var hookPort = FreePorts.Take(1)[0];
        // A notification the killed silo was sending is claimed again when its lease runs out: 15 s here (60 s by default).
        settings = settings with { Extra = [$"--Twin:Alarms:WebhookUrl=http://127.0.0.1:{hookPort}/hook", "--Twin:Alarms:Delivery:Lease=00:00:15"] };
        var first = await s.StartAsync(settings with { Name = "silo (killed)" });
        var pump = (await first.DeviceIdsAsync("snow-pump", ct)).Last();
        var now = DateTimeOffset.UtcNow.AddMinutes(-1);
        await using (var publisher = await Publisher.ConnectAsync(first, "durability-alarms", ct))
        {
            await publisher.PublishAcknowledgedAsync("snow-pump", pump, Uplinks.Pump(now, 1, "inverter_fault", null), ct);
        }
        string alarmId = "";
        await Poll.UntilAsync("the inverter-fault alarm", Wait, async token =>
        {
            var listed = await first.Http.GetFromJsonAsync<JsonElement>("/api/alarms?type=pump-inverter-fault", token);
            alarmId = listed.EnumerateArray().FirstOrDefault(a => a.GetProperty("source").GetString() == pump) is { ValueKind: JsonValueKind.Object } a
                ? a.GetProperty("id").GetString()! : "";
            return alarmId.Length > 0;
        }, ct);
        var ack = await first.Http.PostAsJsonAsync($"/api/alarms/{alarmId}/ack", new { comment = "seen" }, ct);
        Assert.True(ack.IsSuccessStatusCode, await ack.Content.ReadAsStringAsync(ct));
        // The receiver is down: both notifications wait in the outbox.
        await Poll.UntilAsync("two pending notifications", Wait, async token =>
            (await first.Http.GetFromJsonAsync<JsonElement>("/api/alarms/notifications/stats", token)).GetProperty("pending").GetInt64() >= 2, ct);
        await first.KillAsync();

        await using var receiver = await WebhookReceiver.StartAsync(hookPort);
        var second = await s.StartAsync(settings with { Name = "silo (restarted)" });
        await receiver.WhenReceivedAsync(2).WaitAsync(Wait, ct);
        var told = receiver.Requests.Where(r => r.AlarmId == alarmId && r.Status == 200).Select(r => (r.Action, r.By)).ToList();
        Assert.Equal([("raise", (string?)null), ("acknowledge", SiloAccounts.Admin)], told);

        var after = await second.Http.GetFromJsonAsync<JsonElement>($"/api/alarms/{alarmId}", ct);
        Assert.Equal(("active-acknowledged", SiloAccounts.Admin), (after.GetProperty("state").GetString(), after.GetProperty("ackedBy").GetString()));

        // The lifecycle goes on in the new silo: the pump runs again and the alarm is over.
        await using (var publisher = await Publisher.ConnectAsync(second, "durability-alarms-2", ct))
        {
            await publisher.PublishAcknowledgedAsync("snow-pump", pump, Uplinks.Pump(now.AddSeconds(30), 2, "running", 0.3), ct);
        }
        await receiver.WhenReceivedAsync(3).WaitAsync(Wait, ct);
        Assert.Equal("return", receiver.Requests.Last(r => r.AlarmId == alarmId).Action);
        var over = await second.Http.GetFromJsonAsync<JsonElement>($"/api/alarms/{alarmId}", ct);
        Assert.Equal("normal", over.GetProperty("state").GetString());
    }
}
