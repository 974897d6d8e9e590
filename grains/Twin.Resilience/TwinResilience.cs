using Polly;
using Polly.Retry;

namespace Twin.Resilience;

/// <summary>
/// The twin's one retry policy (Polly): exponential backoff with jitter, capped, retried until the token given to
/// the execution is cancelled. The silo and the simulator both use it; each caller names its own delays and what
/// to say on each retry.
/// </summary>
public static class TwinResilience
{
    /// <summary>
    /// Retries a call that throws. The delays grow about twofold per attempt from about <paramref name="first"/>,
    /// jittered so that many callers failing together do not retry together, and are never longer than
    /// <paramref name="max"/>. Every exception is retried except <see cref="OutOfMemoryException"/> and cancellation
    /// by the execution's token; that token also ends a delay, and the execution then throws
    /// <see cref="OperationCanceledException"/>. <paramref name="onRetry"/> runs before each delay, to log it or
    /// to give up by throwing.
    /// </summary>
    public static ResiliencePipeline Retry(TimeProvider clock, TimeSpan first, TimeSpan max,
        Func<OnRetryArguments<object>, ValueTask>? onRetry = null)
    {
        var options = new RetryStrategyOptions
        {
            ShouldHandle = static args => ValueTask.FromResult(
                args.Outcome.Exception is { } ex && IsTransient(ex, args.Context.CancellationToken)),
            OnRetry = onRetry,
        };
        Backoff(options, first, max);
        return new ResiliencePipelineBuilder { TimeProvider = clock }.AddRetry(options).Build();
    }

    /// <summary>
    /// Calls again, with the same delays as <see cref="Retry"/>, while <paramref name="again"/> says the result is not
    /// good enough yet; an exception is not retried but thrown to the caller.
    /// </summary>
    public static ResiliencePipeline<T> RetryWhile<T>(TimeProvider clock, TimeSpan first, TimeSpan max, Func<T, bool> again,
        Func<OnRetryArguments<T>, ValueTask>? onRetry = null)
    {
        ArgumentNullException.ThrowIfNull(again);
        var options = new RetryStrategyOptions<T>
        {
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is null && again(args.Outcome.Result!)),
            OnRetry = onRetry,
        };
        Backoff(options, first, max);
        return new ResiliencePipelineBuilder<T> { TimeProvider = clock }.AddRetry(options).Build();
    }

    private static bool IsTransient(Exception ex, CancellationToken token) =>
        ex is not OutOfMemoryException && !(ex is OperationCanceledException && token.IsCancellationRequested);

    private static void Backoff<T>(RetryStrategyOptions<T> options, TimeSpan first, TimeSpan max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(first, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, first);
        options.BackoffType = DelayBackoffType.Exponential;
        options.UseJitter = true;
        options.Delay = first;
        options.MaxDelay = max;
        // Until stopped: each caller's token ends it (or its onRetry gives up).
        options.MaxRetryAttempts = int.MaxValue;
    }
}
