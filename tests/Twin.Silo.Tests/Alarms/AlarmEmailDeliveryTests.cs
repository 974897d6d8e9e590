using System.Text.Json;
using Twin.Grains.Abstractions.Alarms;
using static Twin.Silo.Tests.Alarms.AlarmSamples;

namespace Twin.Silo.Tests.Alarms;

public sealed class AlarmEmailDeliveryTests
{
    [Fact]
    public async Task AnEmailReachesARealSmtpServerJapaneseFirstThenEnglishWithTheLink()
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var harness = Through(smtp);
        var notice = Notice(PumpFault("01JALARM0001"), AlarmAction.Acknowledge, AlarmState.ActiveAcknowledged, Start.AddMinutes(4), "tanaka", "現地へ向かいます")
            with { Route = "chuo-pumps" };
        await harness.Store.SaveAsync(notice.Alarm, [Entry("n-mail-1", notice, NotificationChannel.Email, "ops@city.toyama.example")], TestContext.Current.CancellationToken);

        await harness.StartAsync();
        using var message = await smtp.NextMessageAsync();

        var root = message.RootElement;
        Assert.Equal("twin@city.toyama.example", root.GetProperty("from").GetString());
        Assert.Equal(["ops@city.toyama.example"], root.GetProperty("to").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("n-mail-1", root.GetProperty("idempotencyKey").GetString());
        Assert.Equal("【警報・確認】消雪ポンプ 故障ランプ点灯 / [alarm, acknowledged] Snow pump fault lamp on", root.GetProperty("subject").GetString());
        var body = root.GetProperty("body").GetString()!;
        var link = "https://twin.example/?alarm=01JALARM0001";
        var ja = body.IndexOf("消雪ポンプ 故障ランプ点灯", StringComparison.Ordinal);
        var jaLink = body.IndexOf("詳細: " + link, StringComparison.Ordinal);
        var en = body.IndexOf("Snow pump fault lamp on", StringComparison.Ordinal);
        var enLink = body.IndexOf("Details: " + link, StringComparison.Ordinal);
        Assert.True(ja == 0 && ja < jaLink && jaLink < en && en < enLink, body);
        Assert.Contains("操作者: tanaka", body, StringComparison.Ordinal);
        Assert.Contains("By: tanaka", body, StringComparison.Ordinal);
        Assert.Equal((0L, 0L), await harness.Store.CountAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task AMailboxTheServerRefusesIsParked()
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var harness = Through(smtp);
        var raised = Raised(PumpFault("01JALARM0002"));
        await harness.Store.SaveAsync(raised.Alarm, [Entry("n-mail-2", raised, NotificationChannel.Email, "nobody@city.toyama.example")], TestContext.Current.CancellationToken);

        await harness.StartAsync();

        var parked = Assert.Single(await harness.Store.ListParkedAsync(10, TestContext.Current.CancellationToken));
        Assert.Equal("n-mail-2", parked.Id);
        Assert.StartsWith("The SMTP server refused nobody@city.toyama.example: 550", parked.LastError, StringComparison.Ordinal);
        Assert.Empty(harness.Outbox.Retries);
    }

    /// <summary>A dispatcher sending e-mail through the test's server, plain SMTP.</summary>
    private static DispatcherHarness Through(SmtpServer smtp) => new(o =>
    {
        o.Host = "127.0.0.1";
        o.Port = smtp.Port;
        o.UseTls = false;
        o.From = "富山市デジタルツイン <twin@city.toyama.example>";
    });
}
