using System.Net;
using Twin.Silo.Alarms;

namespace Twin.Silo.Tests.Alarms;

public sealed class AlarmDeliveryRulesTests
{
    private static readonly TimeSpan First = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Cap = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(410)]
    [InlineData(422)]
    public void AClientErrorParks(int status) => Assert.True(DeliveryRules.Parks((HttpStatusCode)status));

    [Theory]
    [InlineData(408)]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    [InlineData(301)]
    public void TimeoutsTooManyRequestsAndServerErrorsAreRetried(int status) => Assert.False(DeliveryRules.Parks((HttpStatusCode)status));

    [Fact]
    public void TheFirstRetryComesWithinTheFirstDelayAndNotBeforeHalfOfIt()
    {
        var random = new Random(7);
        for (var i = 0; i < 1000; i++)
        {
            var delay = DeliveryRules.RetryDelay(1, First, Cap, random);
            Assert.InRange(delay, TimeSpan.FromMilliseconds(500), First);
        }
    }

    [Fact]
    public void DelaysAboutDoubleAndNeverPassThirtySeconds()
    {
        var random = new Random(11);
        for (var attempt = 1; attempt <= 5000; attempt++)
        {
            var ceiling = Math.Min(Math.Pow(2, Math.Min(attempt - 1, 30)), 30);
            var delay = DeliveryRules.RetryDelay(attempt, First, Cap, random);
            Assert.InRange(delay.TotalSeconds, ceiling / 2, ceiling);
        }
        Assert.InRange(DeliveryRules.RetryDelay(int.MaxValue, First, Cap, random), TimeSpan.FromSeconds(15), Cap);
    }

    [Fact]
    public void TheJitterSpreadsRetriesOfNotificationsThatFailedTogether()
    {
        var random = new Random(3);
        var delays = Enumerable.Range(0, 100).Select(_ => DeliveryRules.RetryDelay(8, First, Cap, random)).ToHashSet();
        Assert.True(delays.Count > 90, $"only {delays.Count} different delays");
    }
}
