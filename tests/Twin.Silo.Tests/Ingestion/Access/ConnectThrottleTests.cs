using Microsoft.Extensions.Time.Testing;
using Twin.Silo.Ingestion.Access;

namespace Twin.Silo.Tests.Ingestion.Access;

public sealed class ConnectThrottleTests
{
    [Fact]
    public void AnAddressIsRefusedAfterItsFailuresForTheRestOfTheMinuteAndOthersAreNot()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 6, 0, 0, TimeSpan.Zero));
        var throttle = new ConnectThrottle(clock, failuresPerMinute: 3);
        throttle.Failed("10.0.0.1");
        throttle.Failed("10.0.0.1");
        Assert.False(throttle.IsBlocked("10.0.0.1"));
        throttle.Failed("10.0.0.1");
        Assert.True(throttle.IsBlocked("10.0.0.1"));
        Assert.False(throttle.IsBlocked("10.0.0.2"));

        clock.Advance(TimeSpan.FromSeconds(59));
        Assert.True(throttle.IsBlocked("10.0.0.1"));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(throttle.IsBlocked("10.0.0.1"));
    }
}
