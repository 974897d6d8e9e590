using Twin.Simulation.Sandbox;

namespace Twin.Simulation.Tests.Sandbox;

public sealed class SimulationClockTests
{
    private static readonly DateTimeOffset Start = new(2026, 7, 10, 0, 0, 0, TimeSpan.FromHours(9));

    [Fact]
    public void The_clock_stands_still_until_advanced_and_fires_a_periodic_timer_at_each_due_time_it_steps_over()
    {
        var clock = new SimulationClock(Start);
        var fired = new List<DateTimeOffset>();
        using var timer = clock.CreateTimer(_ => fired.Add(clock.GetUtcNow()), null, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));

        Assert.Equal(Start, clock.GetUtcNow());
        clock.AdvanceTo(Start.AddSeconds(4));
        Assert.Empty(fired);
        for (var s = 5; s <= 16; s++)
        {
            clock.AdvanceTo(Start.AddSeconds(s));
        }

        Assert.Equal([Start.AddSeconds(5), Start.AddSeconds(10), Start.AddSeconds(15)], fired);
        Assert.Equal(Start.AddSeconds(16), clock.GetUtcNow());
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.AdvanceTo(Start));
    }

    [Fact]
    public void A_periodic_timer_that_misses_several_periods_in_one_step_fires_once_and_keeps_its_phase()
    {
        var clock = new SimulationClock(Start);
        var fired = new List<DateTimeOffset>();
        using var timer = clock.CreateTimer(_ => fired.Add(clock.GetUtcNow()), null, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));

        clock.AdvanceTo(Start.AddSeconds(60));
        clock.AdvanceTo(Start.AddSeconds(64));
        clock.AdvanceTo(Start.AddSeconds(65));

        Assert.Equal([Start.AddSeconds(5), Start.AddSeconds(65)], fired);
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
