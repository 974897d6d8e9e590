using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Twin.Simulator;

/// <summary>What a run published and how the broker answered, in a form to print or log.</summary>
/// <param name="Sent">Messages handed to the broker.</param>
/// <param name="Acknowledged">QoS 1 messages the broker accepted (PUBACK below 0x80, including 0x10 no matching subscribers).</param>
/// <param name="RejectedByReason">QoS 1 messages answered with a failure reason code, by reason (<c>NotAuthorized (0x87)</c>).</param>
/// <param name="ErrorsByType">Publishes that failed without an answer (connection lost, timeout), by exception type.</param>
/// <param name="Elapsed">Time from the first publish to the last answer.</param>
/// <param name="LatencyP50Ms">Median PUBACK latency (QoS 1), null without answers.</param>
/// <param name="LatencyP99Ms">99th percentile PUBACK latency (QoS 1), null without answers.</param>
/// <param name="Qos">The QoS used.</param>
public sealed record PublishSummary(
    long Sent,
    long Acknowledged,
    IReadOnlyDictionary<string, long> RejectedByReason,
    IReadOnlyDictionary<string, long> ErrorsByType,
    TimeSpan Elapsed,
    double? LatencyP50Ms,
    double? LatencyP99Ms,
    int Qos)
{
    /// <summary>Messages answered with a failure reason code.</summary>
    public long Rejected => RejectedByReason.Values.Sum();

    /// <summary>Publishes that failed without an answer.</summary>
    public long Errors => ErrorsByType.Values.Sum();

    /// <summary>Sent messages per second over the run.</summary>
    public double SentPerSecond => Elapsed > TimeSpan.Zero ? Sent / Elapsed.TotalSeconds : 0;

    /// <summary>Acknowledged messages per second over the run.</summary>
    public double AcknowledgedPerSecond => Elapsed > TimeSpan.Zero ? Acknowledged / Elapsed.TotalSeconds : 0;

    /// <summary>A few lines for people.</summary>
    public override string ToString()
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.Append(c, $"sent {Sent} in {Elapsed.TotalSeconds:0.00} s = {SentPerSecond:0.0} msg/s (QoS {Qos})\n");
        if (Qos > 0)
        {
            text.Append(c, $"acknowledged {Acknowledged} ({AcknowledgedPerSecond:0.0} msg/s), rejected {Rejected}, errors {Errors}\n");
            foreach (var (reason, count) in RejectedByReason.OrderByDescending(r => r.Value))
            {
                text.Append(c, $"  rejected {reason}: {count}\n");
            }
            text.Append(c, $"PUBACK latency p50 {Ms(LatencyP50Ms)}, p99 {Ms(LatencyP99Ms)}\n");
        }
        else
        {
            text.Append(c, $"errors {Errors}\n");
        }
        foreach (var (type, count) in ErrorsByType.OrderByDescending(r => r.Value))
        {
            text.Append(c, $"  error {type}: {count}\n");
        }
        return text.ToString().TrimEnd('\n');

        static string Ms(double? ms) => ms is { } v ? v.ToString("0.00 ms", CultureInfo.InvariantCulture) : "n/a";
    }
}

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
