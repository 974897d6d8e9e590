using Twin.Grains.Abstractions;

namespace Twin.Simulator;

/// <summary>
/// When each device reports, as a stream of (due time, device) in time order. Demo: every sender once per
/// demo period, phases spread evenly; Real: each at its profile's interval from a phase of its own; Fixed: a
/// total rate, round-robin over the senders. Non-consenting senders report at a tenth of the periodic cadence
/// and not at all in Fixed (a load test should measure ingestion, not rejections). Plain C#: the runner asks it
/// what is due now, tests walk it through simulated time.
/// </summary>
public sealed class FleetSchedule
{
    private readonly DeviceInfo[] _devices;
    private readonly long[] _periodTicks;
    private readonly PriorityQueue<int, long>? _queue;
    private readonly long _startTicks;
    private readonly double _ticksPerMessage;
    private long _taken;

    /// <summary>The schedule of the simulator's senders from <paramref name="start"/>, by the simulator's options.</summary>
    public FleetSchedule(FleetSimulator simulator, DateTimeOffset start)
    {
        var options = simulator.Options;
        Cadence = options.Cadence;
        _startTicks = start.UtcTicks;
        if (Cadence == Cadence.Fixed)
        {
            _devices = [.. simulator.Senders];
            _periodTicks = [];
            _ticksPerMessage = TimeSpan.TicksPerSecond / options.Rate;
            if (_devices.Length == 0)
            {
                throw new InvalidOperationException("The catalog has no sending devices.");
            }
            return;
        }

        _devices = [.. simulator.Senders, .. simulator.RareSenders];
        _periodTicks = new long[_devices.Length];
        _queue = new PriorityQueue<int, long>(_devices.Length);
        var regular = simulator.Senders.Length;
        var seed = options.Seed;
        for (var i = 0; i < _devices.Length; i++)
        {
            var device = _devices[i];
            var rare = i >= regular ? 10 : 1;
            long period, phase;
            if (Cadence == Cadence.Demo)
            {
                period = TimeSpan.TicksPerSecond * options.DemoPeriodS;
                // Evenly spread over the period, so the broker sees a steady stream rather than a burst a minute.
                phase = (long)((double)(i % Math.Max(1, regular)) / Math.Max(1, regular) * period);
            }
            else
            {
                period = TimeSpan.TicksPerSecond * Math.Max(1, device.Profile.ExpectedIntervalS);
                phase = (long)(Mix.Unit(Mix.Hash(seed, Mix.Of(device.Id), 0x5048)) * period);
            }
            _periodTicks[i] = period * rare;
            _queue.Enqueue(i, _startTicks + phase);
        }
    }

    /// <summary>The cadence this schedule follows.</summary>
    public Cadence Cadence { get; }

    /// <summary>When the next message is due.</summary>
    public DateTimeOffset NextDue
    {
        get
        {
            if (_queue is null)
            {
                return new DateTimeOffset(_startTicks + (long)(_taken * _ticksPerMessage), TimeSpan.Zero);
            }
            return _queue.TryPeek(out _, out var due) ? new DateTimeOffset(due, TimeSpan.Zero) : DateTimeOffset.MaxValue;
        }
    }

    /// <summary>Takes the next message if it is due at <paramref name="now"/>.</summary>
    public bool TryTake(DateTimeOffset now, out DeviceInfo device, out DateTimeOffset due)
    {
        due = NextDue;
        if (due > now)
        {
            device = null!;
            return false;
        }
        if (_queue is null)
        {
            // Fixed rate never skips: a load test that falls behind shows it in the achieved rate.
            device = _devices[_taken % _devices.Length];
            _taken++;
            return true;
        }
        _queue.TryDequeue(out var i, out var dueTicks);
        device = _devices[i];
        var next = dueTicks + _periodTicks[i];
        if (next <= now.UtcTicks - _periodTicks[i])
        {
            // Far behind (a paused process, a slow broker): rejoin the cadence instead of bursting every missed report.
            next = now.UtcTicks + _periodTicks[i];
        }
        _queue.Enqueue(i, next);
        return true;
    }
}
