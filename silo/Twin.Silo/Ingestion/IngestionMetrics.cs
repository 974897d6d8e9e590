using System.Diagnostics.Metrics;

namespace Twin.Silo.Ingestion;

/// <summary>Ingestion instruments on the <c>Twin.Ingestion</c> meter (exported as <c>twin_ingestion_*</c>).</summary>
public sealed class IngestionMetrics : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Twin.Ingestion";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _accepted;
    private readonly Counter<long> _rejected;
    private readonly Histogram<double> _latency;
    private readonly Dictionary<string, long> _rejectedByReason = [];
    private long _acceptedTotal;

    public IngestionMetrics()
    {
        _accepted = _meter.CreateCounter<long>("accepted", description: "Readings accepted, by kind and outcome");
        _rejected = _meter.CreateCounter<long>("rejected", description: "Uplinks rejected, by reason");
        _latency = _meter.CreateHistogram<double>("seconds", "s", "Time from receipt to the reading applied");
        // Every reason's series exists from the start at zero, so rates and alerts see a rise from nothing.
        foreach (var reason in Enum.GetValues<RejectReason>())
        {
            _rejected.Add(0, new KeyValuePair<string, object?>("reason", new Rejection(reason, "").Label));
        }
    }

    /// <summary>Readings taken (applied, late or duplicate).</summary>
    public long Accepted => Interlocked.Read(ref _acceptedTotal);

    /// <summary>Rejections so far by reason label.</summary>
    public IReadOnlyDictionary<string, long> Rejected
    {
        get
        {
            lock (_rejectedByReason)
            {
                return new Dictionary<string, long>(_rejectedByReason);
            }
        }
    }

    /// <summary>Counts an accepted reading.</summary>
    public void CountAccepted(string kind, string outcome, double seconds)
    {
        Interlocked.Increment(ref _acceptedTotal);
        _accepted.Add(1, new("kind", kind), new("outcome", outcome));
        _latency.Record(seconds, new KeyValuePair<string, object?>("kind", kind));
    }

    /// <summary>Counts a rejection.</summary>
    public void CountRejected(string reason)
    {
        lock (_rejectedByReason)
        {
            _rejectedByReason[reason] = _rejectedByReason.GetValueOrDefault(reason) + 1;
        }
        _rejected.Add(1, new KeyValuePair<string, object?>("reason", reason));
    }

    public void Dispose() => _meter.Dispose();
}
