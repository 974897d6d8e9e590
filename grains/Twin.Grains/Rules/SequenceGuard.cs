using Twin.Grains.Abstractions;

namespace Twin.Grains.Rules;

/// <summary>The order and duplicate rules of the wire contract, over a short memory of recent (seq, ts) pairs.</summary>
/// <remarks>
/// A reading is a duplicate when the device sent the same seq recently with the same or a newer ts (a
/// retransmission, or a message delivered twice at QoS 1). Live state follows ts: a reading not newer than
/// the live one is late and goes to history only. A seq far below the last one with a newer ts is a device
/// restart, LoRaWAN rejoin or 16-bit fCnt rollover, so it is accepted rather than taken for a replay.
/// </remarks>
public sealed class SequenceGuard
{
    /// <summary>
    /// How many recent readings are remembered for duplicate detection: enough for a network server's and a
    /// broker's redeliveries, small because a million devices each keep one.
    /// </summary>
    public const int Window = 16;

    private readonly long[] _seqs = new long[Window];
    private readonly long[] _ticks = new long[Window];
    private int _count;
    private int _next;

    /// <summary>Ts of the reading that the live state shows, if any.</summary>
    public DateTimeOffset? LastTs { get; private set; }

    /// <summary>Seq of the reading that the live state shows, if any.</summary>
    public long? LastSeq { get; private set; }

    /// <summary>Classifies a reading and, unless it is a duplicate, remembers it.</summary>
    public ApplyOutcome Offer(long seq, DateTimeOffset ts)
    {
        for (var i = 0; i < _count; i++)
        {
            if (_seqs[i] == seq && ts.UtcTicks <= _ticks[i])
            {
                return ApplyOutcome.Duplicate;
            }
        }

        Remember(seq, ts);
        if (LastTs is { } last && ts <= last)
        {
            return ApplyOutcome.Late;
        }

        LastTs = ts;
        LastSeq = seq;
        return ApplyOutcome.Applied;
    }

    /// <summary>Restores the guard from a snapshot's recent (seq, ts) pairs, oldest first.</summary>
    public void Restore(IEnumerable<(long Seq, DateTimeOffset Ts)> recent, DateTimeOffset? lastTs, long? lastSeq)
    {
        _count = 0;
        _next = 0;
        foreach (var (seq, ts) in recent)
        {
            Remember(seq, ts);
        }
        LastTs = lastTs;
        LastSeq = lastSeq;
    }

    /// <summary>The remembered (seq, ts) pairs, oldest first, for a snapshot.</summary>
    public IEnumerable<(long Seq, DateTimeOffset Ts)> Recent()
    {
        var start = _count < Window ? 0 : _next;
        for (var i = 0; i < _count; i++)
        {
            var k = (start + i) % Window;
            yield return (_seqs[k], new DateTimeOffset(_ticks[k], TimeSpan.Zero));
        }
    }

    private void Remember(long seq, DateTimeOffset ts)
    {
        _seqs[_next] = seq;
        _ticks[_next] = ts.UtcTicks;
        _next = (_next + 1) % Window;
        if (_count < Window)
        {
            _count++;
        }
    }
}
