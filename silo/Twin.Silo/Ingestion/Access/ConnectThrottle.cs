using System.Collections.Concurrent;

namespace Twin.Silo.Ingestion.Access;

/// <summary>
/// Failed CONNECTs per address in a fixed one-minute window: past the limit, every CONNECT from that address is
/// refused until the window ends, so passwords cannot be guessed at line speed.
/// </summary>
public sealed class ConnectThrottle(TimeProvider clock, int failuresPerMinute)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, Entry> _failures = new(StringComparer.Ordinal);

    /// <summary>Whether CONNECTs from <paramref name="address"/> are refused now.</summary>
    public bool IsBlocked(string address)
    {
        if (!_failures.TryGetValue(address, out var entry))
        {
            return false;
        }
        lock (entry)
        {
            return clock.GetUtcNow() - entry.Start < Window && entry.Count >= failuresPerMinute;
        }
    }

    /// <summary>Counts a failed CONNECT from <paramref name="address"/>.</summary>
    public void Failed(string address)
    {
        var now = clock.GetUtcNow();
        if (_failures.Count > 10_000)
        {
            // Forget finished windows, so that many addresses trying once each cannot grow this without bound.
            foreach (var (key, old) in _failures)
            {
                if (now - old.Start >= Window)
                {
                    _failures.TryRemove(key, out _);
                }
            }
        }
        var entry = _failures.GetOrAdd(address, _ => new Entry { Start = now });
        lock (entry)
        {
            if (now - entry.Start >= Window)
            {
                entry.Start = now;
                entry.Count = 0;
            }
            entry.Count++;
        }
    }

    private sealed class Entry
    {
        public DateTimeOffset Start;
        public int Count;
    }
}
