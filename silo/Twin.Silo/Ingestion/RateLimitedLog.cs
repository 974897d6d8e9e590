using System.Collections.Concurrent;

namespace Twin.Silo.Ingestion;

/// <summary>Logs each key at most once per period, counting what it held back, so a flood of bad input cannot flood the log.</summary>
public sealed class RateLimitedLog(TimeProvider clock, TimeSpan period)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>Whether to log now for <paramref name="key"/>; <paramref name="suppressed"/> is how many were held back since.</summary>
    public bool ShouldLog(string key, out long suppressed)
    {
        var now = clock.GetUtcNow();
        var entry = _entries.GetOrAdd(key, static _ => new Entry());
        lock (entry)
        {
            if (now - entry.LastLogged >= period)
            {
                suppressed = entry.Suppressed;
                entry.Suppressed = 0;
                entry.LastLogged = now;
                return true;
            }
            entry.Suppressed++;
            suppressed = 0;
            return false;
        }
    }

    private sealed class Entry
    {
        public DateTimeOffset LastLogged = DateTimeOffset.MinValue;
        public long Suppressed;
    }
}
