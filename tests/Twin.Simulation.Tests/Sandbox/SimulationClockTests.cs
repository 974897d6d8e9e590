using Twin.Simulation.Sandbox;

namespace Twin.Simulation.Tests.Sandbox;

public sealed class SimulationClockTests
{
    private static readonly DateTimeOffset Start = new(2026, 7, 10, 0, 0, 0, TimeSpan.FromHours(9));

    [Fact]
    public void The_clock_stands_still_until_advanced_and_fires_a_periodic_timer_once_per_period_passed()
    {
        var clock = new SimulationClock(Start);
        var fired = new List<DateTimeOffset>();
        using var timer = clock.CreateTimer(_ => fired.Add(clock.GetUtcNow()), null, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));

        Assert.Equal(Start, clock.GetUtcNow());
        clock.AdvanceTo(Start.AddSeconds(4));
        Assert.Empty(fired);
        clock.AdvanceTo(Start.AddSeconds(16));

        Assert.Equal([Start.AddSeconds(5), Start.AddSeconds(10), Start.AddSeconds(15)], fired);
        Assert.Equal(Start.AddSeconds(16), clock.GetUtcNow());
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.AdvanceTo(Start));
    }

    [Fact]
    public void A_disposed_timer_no_longer_fires()
    {
        var clock = new SimulationClock(Start);
        var count = 0;
        var timer = clock.CreateTimer(_ => count++, null, TimeSpan.FromMinutes(1), Timeout.InfiniteTimeSpan);
        timer.Dispose();

        clock.AdvanceTo(Start.AddHours(1));

        Assert.Equal(0, count);
    }
}
