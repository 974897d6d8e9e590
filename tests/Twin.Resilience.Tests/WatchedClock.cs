using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace Twin.Resilience.Tests;

/// <summary>
/// A fake clock that reports every wait started on it, so that a test moves time on only once the pipeline is
/// waiting (moved earlier, the wait would start after the move and never end).
/// </summary>
internal sealed class WatchedClock() : FakeTimeProvider(new DateTimeOffset(2026, 1, 15, 6, 0, 0, TimeSpan.FromHours(9)))
{
    /// <summary>A guard against a hang: a wait that holds ends long before it.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly Channel<TimeSpan> _waits = Channel.CreateUnbounded<TimeSpan>();

    /// <summary>Whether a wait has started that no test has read yet.</summary>
    public bool HasUnreadWait => _waits.Reader.TryPeek(out _);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        _waits.Writer.TryWrite(dueTime);
        return timer;
    }

    /// <summary>The length of the next wait started on this clock, once one has started.</summary>
    public async Task<TimeSpan> NextWaitAsync()
    {
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        patience.CancelAfter(Patience);
        return await _waits.Reader.ReadAsync(patience.Token);
    }

    /// <summary>Waits for the next wait to start, then moves the clock to its end; returns its length.</summary>
    public async Task<TimeSpan> SkipNextWaitAsync()
    {
        var wait = await NextWaitAsync();
        Advance(wait);
        return wait;
    }
}
