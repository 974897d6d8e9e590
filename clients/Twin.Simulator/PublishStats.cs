using System.Collections.Concurrent;

namespace Twin.Simulator;

/// <summary>Thread-safe counters and a latency histogram (2 % geometric buckets from 10 µs to ~1 h), cheap enough for 100k msg/s.</summary>
internal sealed class PublishStats
{
    private const double BucketBase = 1.02;
    private const double MinMicros = 10;
    private static readonly double LogBase = Math.Log(BucketBase);

    private readonly long[] _buckets = new long[1000];
    private readonly ConcurrentDictionary<string, long> _rejected = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _errors = new(StringComparer.Ordinal);
    private long _sent;
    private long _acknowledged;

    public long Sent => Interlocked.Read(ref _sent);

    public long Acknowledged => Interlocked.Read(ref _acknowledged);

    public void CountSent() => Interlocked.Increment(ref _sent);

    public void Acknowledge(TimeSpan latency)
    {
        Interlocked.Increment(ref _acknowledged);
        Record(latency);
    }

    public void Reject(string reason, TimeSpan latency)
    {
        _rejected.AddOrUpdate(reason, 1, (_, n) => n + 1);
        Record(latency);
    }

    public void Error(string type) => _errors.AddOrUpdate(type, 1, (_, n) => n + 1);

    public PublishSummary Summary(TimeSpan elapsed, int qos) => new(
        Sent,
        Acknowledged,
        new Dictionary<string, long>(_rejected),
        new Dictionary<string, long>(_errors),
        elapsed,
        Percentile(0.50),
        Percentile(0.99),
        qos);

    private void Record(TimeSpan latency)
    {
        var micros = Math.Max(MinMicros, latency.TotalMicroseconds);
        var bucket = Math.Min(_buckets.Length - 1, (int)(Math.Log(micros / MinMicros) / LogBase));
        Interlocked.Increment(ref _buckets[bucket]);
    }

    private double? Percentile(double p)
    {
        var counts = new long[_buckets.Length];
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] = Interlocked.Read(ref _buckets[i]);
        }
        var total = counts.Sum();
        if (total == 0)
        {
            return null;
        }
        var rank = (long)Math.Ceiling(p * total);
        long seen = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            seen += counts[i];
            if (seen >= rank)
            {
                // The bucket's geometric middle: within 1 % of the true value.
                return MinMicros * Math.Pow(BucketBase, i + 0.5) / 1000;
            }
        }
        return null;
    }
}
