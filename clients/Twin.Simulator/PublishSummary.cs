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
