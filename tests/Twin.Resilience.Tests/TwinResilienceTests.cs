using System.Collections.Concurrent;
using Polly;

namespace Twin.Resilience.Tests;

/// <summary>
/// The shared retry pipeline on a fake clock: each wait is read as the pipeline starts it and the clock is then
/// moved past it, so the delays are the pipeline's own and no test sleeps.
/// </summary>
public sealed class TwinResilienceTests
{
    private static readonly TimeSpan First = TimeSpan.FromMilliseconds(100);

    /// <summary>A guard against a hang; every awaited outcome is due at once.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task TheTotalWaitDoublesWithEachRetry()
    {
        var clock = new WatchedClock();
        using var stop = new CancellationTokenSource();
        var (run, _) = FailForEver(TwinResilience.Retry(clock, First, TimeSpan.FromHours(1)), stop.Token);
        var start = clock.GetUtcNow();

        for (var retries = 1; retries <= 12; retries++)
        {
            await clock.SkipNextWaitAsync();
            // Jitter moves each delay, not the sum: after k retries it lies between first × 2^(k-2) and first × 2^k.
            if (retries >= 2)
            {
                Assert.InRange(clock.GetUtcNow() - start, First * Math.Pow(2, retries - 2), First * Math.Pow(2, retries));
            }
        }

        await StopAsync(stop, run);
    }

    [Fact]
    public async Task TheFirstDelayIsJitteredAroundTheFirstFigure()
    {
        var firsts = new List<TimeSpan>();
        for (var i = 0; i < 40; i++)
        {
            var clock = new WatchedClock();
            using var stop = new CancellationTokenSource();
            var (run, _) = FailForEver(TwinResilience.Retry(clock, First, TimeSpan.FromSeconds(10)), stop.Token);
            firsts.Add(await clock.NextWaitAsync());
            await StopAsync(stop, run);
        }

        // Without jitter every first delay would be exactly 100 ms; with it they spread on both sides, under 1.4 × first.
        Assert.All(firsts, d => Assert.InRange(d, TimeSpan.Zero, First * 1.4));
        Assert.True(firsts.Distinct().Count() >= 10, string.Join(", ", firsts));
        Assert.Contains(firsts, d => d < First);
        Assert.Contains(firsts, d => d > First);
    }

    [Fact]
    public async Task NoDelayIsLongerThanTheCapAndOnceThereEveryDelayIsTheCap()
    {
        var clock = new WatchedClock();
        var max = TimeSpan.FromSeconds(2);
        var told = new ConcurrentQueue<TimeSpan>();
        var retry = TwinResilience.Retry(clock, First, max, args =>
        {
            told.Enqueue(args.RetryDelay);
            return ValueTask.CompletedTask;
        });
        using var stop = new CancellationTokenSource();
        var (run, _) = FailForEver(retry, stop.Token);

        var waits = new List<TimeSpan>();
        for (var i = 0; i < 40; i++)
        {
            waits.Add(await clock.SkipNextWaitAsync());
        }
        await StopAsync(stop, run);

        Assert.All(waits, w => Assert.InRange(w, TimeSpan.Zero, max));
        // By the 20th retry the uncapped delay is minutes long: only the cap is left.
        Assert.All(waits.Skip(20), w => Assert.Equal(max, w));
        // What onRetry is told (and logs) is what the pipeline then waits, to the millisecond (Task.Delay's unit).
        Assert.All(waits.Zip(told), p => Assert.InRange(p.Second - p.First, TimeSpan.Zero, TimeSpan.FromMilliseconds(1)));
    }

    [Fact]
    public async Task CancellingTheTokenEndsTheWaitAndNoAttemptFollows()
    {
        var clock = new WatchedClock();
        using var stop = new CancellationTokenSource();
        var (run, attempts) = FailForEver(TwinResilience.Retry(clock, First, TimeSpan.FromSeconds(30)), stop.Token);
        await clock.SkipNextWaitAsync();
        await clock.NextWaitAsync(); // waiting after the second attempt

        await StopAsync(stop, run);
        clock.Advance(TimeSpan.FromHours(1));

        Assert.Equal(2, attempts());
        Assert.False(clock.HasUnreadWait);
    }

    [Fact]
    public async Task ACancellationByTheTokenIsNotRetriedButOneFromElsewhereIs()
    {
        var clock = new WatchedClock();
        var retry = TwinResilience.Retry(clock, First, TimeSpan.FromSeconds(30));
        using var stop = new CancellationTokenSource();

        // Cancelled by the caller's token: stopped, not retried.
        var byToken = retry.ExecuteAsync(ct =>
        {
            stop.Cancel();
            ct.ThrowIfCancellationRequested();
            return ValueTask.CompletedTask;
        }, stop.Token).AsTask();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => byToken.WaitAsync(Patience, TestContext.Current.CancellationToken));
        Assert.False(clock.HasUnreadWait);

        // A timeout inside the call (its own token): a failure like any other, retried.
        var calls = 0;
        var timedOut = retry.ExecuteAsync(_ => ++calls == 1 ? throw new OperationCanceledException("connect timed out") : ValueTask.CompletedTask,
            TestContext.Current.CancellationToken).AsTask();
        await clock.SkipNextWaitAsync();
        await timedOut.WaitAsync(Patience, TestContext.Current.CancellationToken);
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task OnRetryGivesUpByThrowing()
    {
        var clock = new WatchedClock();
        var retry = TwinResilience.Retry(clock, First, TimeSpan.FromSeconds(5),
            args => throw new InvalidOperationException("no broker by the deadline", args.Outcome.Exception));
        var (run, attempts) = FailForEver(retry, TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => run.WaitAsync(Patience, TestContext.Current.CancellationToken));

        Assert.IsType<IOException>(error.InnerException);
        Assert.Equal(1, attempts());
        Assert.False(clock.HasUnreadWait);
    }

    [Fact]
    public async Task RetryWhileCallsAgainUntilTheResultIsGoodEnough()
    {
        var clock = new WatchedClock();
        var answers = new ConcurrentQueue<string>(["busy", "busy", "done"]);
        var retry = TwinResilience.RetryWhile<string>(clock, First, TimeSpan.FromSeconds(10), r => r == "busy");

        var run = retry.ExecuteAsync(_ => ValueTask.FromResult(answers.TryDequeue(out var a) ? a : "asked too often"),
            TestContext.Current.CancellationToken).AsTask();
        await clock.SkipNextWaitAsync();
        await clock.SkipNextWaitAsync();

        Assert.Equal("done", await run.WaitAsync(Patience, TestContext.Current.CancellationToken));
        Assert.False(clock.HasUnreadWait);
    }

    [Fact]
    public async Task RetryWhileLeavesAnExceptionToTheCaller()
    {
        var clock = new WatchedClock();
        var retry = TwinResilience.RetryWhile<string>(clock, First, TimeSpan.FromSeconds(10), r => r == "busy");
        var calls = 0;

        var run = retry.ExecuteAsync<string>(_ =>
        {
            calls++;
            throw new IOException("disk gone");
        }, TestContext.Current.CancellationToken).AsTask();

        await Assert.ThrowsAsync<IOException>(() => run.WaitAsync(Patience, TestContext.Current.CancellationToken));
        Assert.Equal(1, calls);
        Assert.False(clock.HasUnreadWait);
    }

    [Fact]
    public void DelaysThatCannotGrowAreRefused()
    {
        var clock = new WatchedClock();
        Assert.Throws<ArgumentOutOfRangeException>(() => TwinResilience.Retry(clock, TimeSpan.Zero, TimeSpan.FromSeconds(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => TwinResilience.Retry(clock, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1)));
    }

    /// <summary>Runs a call that always fails through <paramref name="retry"/>; returns the run and how many attempts it made.</summary>
    private static (Task Run, Func<int> Attempts) FailForEver(ResiliencePipeline retry, CancellationToken token)
    {
        var attempts = 0;
        var run = retry.ExecuteAsync(_ =>
        {
            Interlocked.Increment(ref attempts);
            throw new IOException("broker down");
        }, token).AsTask();
        return (run, () => Volatile.Read(ref attempts));
    }

    /// <summary>Cancels the token; the run ends at once with a cancellation.</summary>
    private static async Task StopAsync(CancellationTokenSource stop, Task run)
    {
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Patience, TestContext.Current.CancellationToken));
    }
}
