using Twin.Grains.Abstractions.Alarms;
using static Twin.Silo.Tests.Alarms.AlarmSamples;

namespace Twin.Silo.Tests.Alarms;

public sealed class AlarmWebhookDeliveryTests
{
    private static readonly TimeSpan PastTheCap = TimeSpan.FromSeconds(31);

    [Fact]
    public async Task AReceiverDownForAMinuteGetsEverythingInOrderPerAlarmWhenItReturns()
    {
        var port = TwinAppFixture.FreePort();
        var url = $"http://127.0.0.1:{port}/hook";
        await using (var before = await WebhookReceiver.StartAsync(port))
        {
            await before.StopAsync();
        }
        await using var harness = new DispatcherHarness();
        var written = new List<(string Alarm, string Id)>();
        foreach (var (alarmId, source) in new[] { ("alarm-a", "pump-0001"), ("alarm-b", "pump-0002") })
        {
            var raised = Raised(PumpFault(alarmId, source));
            var acked = Notice(raised.Alarm, AlarmAction.Acknowledge, AlarmState.ActiveAcknowledged, Start.AddMinutes(1), "tanaka");
            var normal = Notice(acked.Alarm, AlarmAction.Return, AlarmState.Normal, Start.AddMinutes(2));
            foreach (var (notice, n) in new[] { (raised, 1), (acked, 2), (normal, 3) })
            {
                var id = $"{alarmId}-{n}";
                await harness.Store.SaveAsync(notice.Alarm, [Entry(id, notice, NotificationChannel.Webhook, url)], TestContext.Current.CancellationToken);
                written.Add((alarmId, id));
            }
        }

        // The receiver is down for a minute of the dispatcher's clock: the head of each alarm's queue is tried again and again.
        await harness.StartAsync();
        await harness.AdvanceAsync(PastTheCap);
        await harness.AdvanceAsync(PastTheCap);
        var retries = harness.Outbox.Retries.ToArray();
        Assert.Equal(6, retries.Length);
        Assert.Equal(["alarm-a-1", "alarm-b-1"], retries.Select(r => r.Id).Distinct().Order());
        Assert.All(retries, r => Assert.InRange(r.DueAt - r.At, TimeSpan.Zero, TimeSpan.FromSeconds(30)));

        // Back on the same port; its first answer is a 503, which is retried too.
        await using var receiver = await WebhookReceiver.StartAsync(port, 503);
        await harness.AdvanceAsync(PastTheCap);
        await harness.AdvanceAsync(PastTheCap);
        await receiver.WhenReceivedAsync(7).WaitAsync(DispatcherHarness.Timeout, TestContext.Current.CancellationToken);

        var requests = receiver.Requests.ToArray();
        Assert.Equal(7, requests.Length);
        Assert.All(requests, r => Assert.Equal(r.NotificationId, r.IdempotencyKey));
        var refused = Assert.Single(requests, r => r.Status == 503);
        var taken = requests.Where(r => r.Status == 200).ToArray();
        Assert.Contains(taken, r => r.IdempotencyKey == refused.IdempotencyKey);
        Assert.Equal(written.Select(w => w.Id).Order(), taken.Select(r => r.NotificationId).Order());
        foreach (var alarm in new[] { "alarm-a", "alarm-b" })
        {
            Assert.Equal(written.Where(w => w.Alarm == alarm).Select(w => w.Id), taken.Where(r => r.AlarmId == alarm).Select(r => r.NotificationId));
            Assert.Equal(["raise", "acknowledge", "return"], taken.Where(r => r.AlarmId == alarm).Select(r => r.Action));
        }
        Assert.Equal((0L, 0L), await harness.Store.CountAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ANotFoundParksTheNotificationAndTheAlarmsNextOneStillGoes()
    {
        var port = TwinAppFixture.FreePort();
        var url = $"http://127.0.0.1:{port}/hook";
        await using var receiver = await WebhookReceiver.StartAsync(port, 404);
        await using var harness = new DispatcherHarness();
        var raised = Raised(PumpFault("alarm-a"));
        var acked = Notice(raised.Alarm, AlarmAction.Acknowledge, AlarmState.ActiveAcknowledged, Start.AddMinutes(1), "tanaka");
        await harness.Store.SaveAsync(raised.Alarm, [Entry("n-1", raised, NotificationChannel.Webhook, url)], TestContext.Current.CancellationToken);
        await harness.Store.SaveAsync(acked.Alarm, [Entry("n-2", acked, NotificationChannel.Webhook, url)], TestContext.Current.CancellationToken);

        await harness.StartAsync();

        Assert.Equal([("n-1", 404), ("n-2", 200)], receiver.Requests.Select(r => (r.NotificationId, r.Status)));
        var parked = Assert.Single(await harness.Store.ListParkedAsync(10, TestContext.Current.CancellationToken));
        Assert.Equal(("n-1", 1, "The webhook answered 404 Not Found."), (parked.Id, parked.Attempts, parked.LastError));
        Assert.Empty(harness.Outbox.Retries);
        Assert.Equal((0L, 1L), await harness.Store.CountAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task RetriesOfAReceiverThatStaysDownBackOffToThirtySecondsAndNoFurther()
    {
        await using var harness = new DispatcherHarness();
        var raised = Raised(PumpFault("alarm-a"));
        await harness.Store.SaveAsync(raised.Alarm, [Entry("n-1", raised, NotificationChannel.Webhook, $"http://127.0.0.1:{TwinAppFixture.FreePort()}/hook")],
            TestContext.Current.CancellationToken);

        await harness.StartAsync();
        for (var i = 0; i < 11; i++)
        {
            await harness.AdvanceAsync(PastTheCap);
        }

        var delays = harness.Outbox.Retries.Select(r => (r.DueAt - r.At).TotalSeconds).ToArray();
        Assert.Equal(12, delays.Length);
        for (var attempt = 1; attempt <= delays.Length; attempt++)
        {
            var ceiling = Math.Min(Math.Pow(2, attempt - 1), 30);
            Assert.InRange(delays[attempt - 1], ceiling / 2, ceiling);
        }
    }
}
