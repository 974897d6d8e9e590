namespace Twin.Simulation.Sandbox;

/// <summary>
/// A run's own clock: it stands still until the run advances it by an explicit tick, and fires the timers made on it
/// (the silence watch's scan) as it passes their due times. Registered as the keyed <c>TwinClock</c> of the run's silo,
/// so the production rules read it while the Orleans runtime keeps its own clock.
/// </summary>
public sealed class SimulationClock(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<ManualTimer> _timers = [];
    private long _ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    /// <summary>
    /// Moves the clock to <paramref name="to"/> (never back) and fires the timers due by then, in due order. A periodic
    /// timer that missed several periods in one step fires once, as a system timer does after a stall: a run's
    /// one-minute tick does not scan for silence twelve times over.
    /// </summary>
    public void AdvanceTo(DateTimeOffset to)
    {
        if (to.UtcTicks < Interlocked.Read(ref _ticks))
        {
            throw new ArgumentOutOfRangeException(nameof(to), "A run's clock never goes back.");
        }
        while (true)
        {
            ManualTimer? next;
            lock (_lock)
            {
                next = _timers.Where(t => t.DueTicks <= to.UtcTicks).MinBy(t => t.DueTicks);
                if (next is not null)
                {
                    Interlocked.Exchange(ref _ticks, Math.Max(next.DueTicks, Interlocked.Read(ref _ticks)));
                    next.Reschedule(to.UtcTicks);
                }
            }
            if (next is null)
            {
                break;
            }
            next.Fire();
        }
        Interlocked.Exchange(ref _ticks, to.UtcTicks);
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private sealed class ManualTimer(SimulationClock clock, TimerCallback callback, object? state) : ITimer
    {
        private long _periodTicks;

        public long DueTicks { get; private set; } = long.MaxValue;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._lock)
            {
                clock._timers.Remove(this);
                _periodTicks = period == Timeout.InfiniteTimeSpan ? 0 : period.Ticks;
                if (dueTime == Timeout.InfiniteTimeSpan)
                {
                    DueTicks = long.MaxValue;
                    return true;
                }
                DueTicks = Interlocked.Read(ref clock._ticks) + Math.Max(0, dueTime.Ticks);
                clock._timers.Add(this);
            }
            return true;
        }

        /// <summary>Called under the clock's lock: the next due time after <paramref name="afterTicks"/>, or off the list for a one-shot timer.</summary>
        public void Reschedule(long afterTicks)
        {
            if (_periodTicks > 0)
            {
                var missed = Math.Max(0, (afterTicks - DueTicks) / _periodTicks);
                DueTicks += (missed + 1) * _periodTicks;
            }
            else
            {
                clock._timers.Remove(this);
                DueTicks = long.MaxValue;
            }
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (clock._lock)
            {
                clock._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
