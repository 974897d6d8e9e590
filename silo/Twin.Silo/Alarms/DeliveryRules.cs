using System.Net;

namespace Twin.Silo.Alarms;

/// <summary>The contract's rules for an answer and for the next attempt's delay.</summary>
public static class DeliveryRules
{
    /// <summary>Whether an HTTP answer parks the notification: a 4xx other than 408 (timeout) and 429 (too many requests).</summary>
    public static bool Parks(HttpStatusCode status) =>
        (int)status is >= 400 and < 500 && status is not (HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests);

    /// <summary>
    /// The delay before attempt <paramref name="attempt"/> + 1 after <paramref name="attempt"/> failed ones: about
    /// <paramref name="first"/> doubled per attempt, never more than <paramref name="max"/>, jittered down to half so
    /// that many notifications failing together (a receiver down) do not come back together.
    /// </summary>
    /// <remarks>
    /// Polly's own delay generator is internal to its retry strategy, which waits in process; the outbox's retry must
    /// survive a restart, so it is due again at a time written to the database, and this is that time's delay.
    /// </remarks>
    public static TimeSpan RetryDelay(int attempt, TimeSpan first, TimeSpan max, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(first, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, first);
        ArgumentNullException.ThrowIfNull(random);
        // 2^(attempt-1) overflows nothing: past the cap the exponent no longer matters.
        var exponential = first.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30));
        var ceiling = Math.Min(exponential, max.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(ceiling / 2 + random.NextDouble() * ceiling / 2);
    }
}
