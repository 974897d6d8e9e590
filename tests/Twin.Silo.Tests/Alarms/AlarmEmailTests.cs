using Twin.Grains.Abstractions.Alarms;
using Twin.Grains.Alarms;
using Twin.Silo.Alarms;
using static Twin.Silo.Tests.Alarms.AlarmSamples;

namespace Twin.Silo.Tests.Alarms;

public sealed class AlarmEmailTests
{
    private static readonly AlarmOptions Options = new() { PublicBaseUrl = "https://twin.city.toyama.example/" };

    [Fact]
    public void TheSubjectAndBodyAreJapaneseFirstThenEnglishWithTheAlarmsLink()
    {
        var email = AlarmEmail.Render(Raised(PumpFault("01JALARM0001")), Options);

        Assert.Equal("【警報・発生】消雪ポンプ 故障ランプ点灯 / [alarm, raised] Snow pump fault lamp on", email.Subject);
        var ja = email.Body.IndexOf("消雪ポンプ 故障ランプ点灯", StringComparison.Ordinal);
        var en = email.Body.IndexOf("Snow pump fault lamp on", StringComparison.Ordinal);
        Assert.Equal(0, ja);
        Assert.True(en > email.Body.IndexOf("詳細: https://twin.city.toyama.example/?alarm=01JALARM0001", StringComparison.Ordinal));
        Assert.Contains("Details: https://twin.city.toyama.example/?alarm=01JALARM0001\n", email.Body, StringComparison.Ordinal);
        Assert.Contains("日時: 2026-12-01 15:00:00 JST\n", email.Body, StringComparison.Ordinal);
        Assert.Contains("発生源: 総曲輪 消雪ポンプ 3号 (pump-0042)\n", email.Body, StringComparison.Ordinal);
        Assert.Contains("State: active, unacknowledged (raised)\n", email.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void WhoActedAndWhatTheySaidAreInBothLanguages()
    {
        var notice = Notice(PumpFault(), AlarmAction.Acknowledge, AlarmState.ActiveAcknowledged, Start.AddMinutes(3), "tanaka", "現地へ向かいます");

        var email = AlarmEmail.Render(notice, Options);

        Assert.StartsWith("【警報・確認】", email.Subject, StringComparison.Ordinal);
        Assert.Contains("操作者: tanaka\nコメント: 現地へ向かいます\n", email.Body, StringComparison.Ordinal);
        Assert.Contains("By: tanaka\nComment: 現地へ向かいます\n", email.Body, StringComparison.Ordinal);
        Assert.Contains("State: active, acknowledged (acknowledged)\n", email.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void AGroupsEmailListsEveryMember()
    {
        var notice = Raised(PumpFault()) with { GroupId = "grp-1", Members = ["pump-0040", "pump-0041", "pump-0042"] };

        var email = AlarmEmail.Render(notice, Options);

        Assert.EndsWith("（3件） / [alarm, raised] Snow pump fault lamp on (3 sources)", email.Subject, StringComparison.Ordinal);
        Assert.Contains("グループの発生源 (3): pump-0040, pump-0041, pump-0042\n", email.Body, StringComparison.Ordinal);
        Assert.Contains("Sources in the group (3): pump-0040, pump-0041, pump-0042\n", email.Body, StringComparison.Ordinal);
    }
}
