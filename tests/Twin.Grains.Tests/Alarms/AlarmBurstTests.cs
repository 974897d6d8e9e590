using Twin.Grains.Abstractions;
using Twin.Grains.Abstractions.Alarms;
using Twin.Grains.Alarms;

namespace Twin.Grains.Tests.Alarms;

/// <summary>The grouping of a flood of alarms (<see cref="AlarmBurst"/>) on explicit times.</summary>
public sealed class AlarmBurstTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 15, 6, 0, 0, TimeSpan.FromHours(9));

    private static Alarm Pump(int n) => AlarmLifecycle.Raise($"a-{n}", new AlarmReport($"pump-{n:000}", "snow-pump", "toyama", $"ポンプ {n}", [], T0),
        new AlarmCondition(AlarmTypes.PumpFault, TwinStatus.Alarm), T0);

    [Fact]
    public void TheFirstTenNotifyAloneAndTheRestOfASnowStormIsOneNotification()
    {
        var burst = new AlarmBurst(new AlarmBurstState());
        var groups = Enumerable.Range(1, 300).Select(n => burst.Join(Pump(n), T0.AddSeconds(n * 0.2), "toyama/pump-fault")).ToList();
        Assert.All(groups.Take(10), Assert.Null);
        Assert.All(groups.Skip(10), g => Assert.Equal("toyama/pump-fault#1", g));
        Assert.Equal(290, burst.Members.Count);

        // The group waits at most a window from its first untold member (the 11th, at 2.2 s): the storm is over by then.
        var due = T0.AddSeconds(11 * 0.2) + AlarmBurst.Window;
        Assert.Equal(due, burst.DueAt);
        Assert.False(burst.Due(due - TimeSpan.FromMilliseconds(1)));
        Assert.True(burst.Due(due));
        var told = burst.Told();
        Assert.Equal(290, told.Length);
        Assert.Equal("pump-011", told[0]);
        Assert.False(burst.Pending);
        Assert.Null(burst.DueAt);
    }

    [Fact]
    public void TenWithinAMinuteIsNotAFloodButElevenIs()
    {
        var slow = new AlarmBurst(new AlarmBurstState());
        Assert.All(Enumerable.Range(1, 30).Select(n => slow.Join(Pump(n), T0.AddSeconds(n * 6.1), "k")), Assert.Null);

        var fast = new AlarmBurst(new AlarmBurstState());
        Assert.All(Enumerable.Range(1, 10).Select(n => fast.Join(Pump(n), T0.AddSeconds(n * 5.9), "k")), Assert.Null);
        Assert.Equal("k#1", fast.Join(Pump(11), T0.AddSeconds(11 * 5.9), "k"));
    }

    [Fact]
    public void AGroupThatKeepsGrowingIsToldAtLeastEveryWindowAndEndsAfterAQuietWindow()
    {
        var burst = new AlarmBurst(new AlarmBurstState());
        for (var n = 1; n <= 11; n++)
        {
            burst.Join(Pump(n), T0, "k");
        }
        var since = T0;
        for (var s = 5; s <= 65; s += 5)
        {
            Assert.Equal("k#1", burst.Join(Pump(100 + s), T0.AddSeconds(s), "k"));
        }
        Assert.Equal(since + AlarmBurst.Window, burst.DueAt);
        Assert.Equal(14, burst.Told().Length);

        // Quiet for over a window: the next alarms notify alone again, and a new flood is a new group.
        var later = T0.AddMinutes(5);
        Assert.Null(burst.Join(Pump(500), later, "k"));
        for (var n = 501; n <= 509; n++)
        {
            burst.Join(Pump(n), later, "k");
        }
        Assert.Equal("k#2", burst.Join(Pump(510), later, "k"));
        Assert.Equal(["pump-510"], burst.Members);
    }
}
