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
    private readonly Counter<long> _refused;
    private readonly Dictionary<string, long> _rejectedByReason = [];
    private readonly Dictionary<string, long> _refusedByReason = [];
    private long _acceptedTotal;

    public IngestionMetrics()
    {
        _accepted = _meter.CreateCounter<long>("accepted", description: "Readings accepted, by kind and outcome");
        _rejected = _meter.CreateCounter<long>("rejected", description: "Uplinks rejected, by reason");
        _latency = _meter.CreateHistogram<double>("seconds", "s", "Time from receipt to the reading applied");
        _refused = _meter.CreateCounter<long>("mqtt_refused", description: "MQTT CONNECTs, PUBLISHes and SUBSCRIBEs refused by the broker's access rules, by stage and reason");
        // Every reason's series exists from the start at zero, so rates and alerts see a rise from nothing.
        foreach (var reason in Enum.GetValues<RejectReason>())
        {
            _rejected.Add(0, new KeyValuePair<string, object?>("reason", new Rejection(reason, "").Label));
        }
        foreach (var (stage, reason) in KnownRefusals)
        {
            _refused.Add(0, new("stage", stage), new("reason", reason));
        }
    }

    /// <summary>The refusals whose series start at zero (stage, reason).</summary>
    public static readonly (string Stage, string Reason)[] KnownRefusals =
    [
        ("connect", "no-credentials"), ("connect", "bad-credentials"), ("connect", "revoked"), ("connect", "client-id-mismatch"),
        ("connect", "throttled"), ("connect", "too-many-connections"), ("packet", "packet-too-large"),
        ("publish", "not-its-topic"), ("publish", "twin-only-topic"), ("publish", "retained-uplink"), ("subscribe", "not-its-topic"),
    ];

    /// <summary>Refusals of the broker's access rules so far, keyed <c>stage/reason</c>.</summary>
    public IReadOnlyDictionary<string, long> Refused
    {
        get
        {
            lock (_refusedByReason)
            {
                return new Dictionary<string, long>(_refusedByReason);
            }
        }
    }

    /// <summary>Counts a refusal by the broker's access rules at <paramref name="stage"/> (connect, publish, subscribe, packet).</summary>
    public void CountRefused(string stage, string reason)
    {
        lock (_refusedByReason)
        {
            var key = stage + "/" + reason;
            _refusedByReason[key] = _refusedByReason.GetValueOrDefault(key) + 1;
        }
        _refused.Add(1, new("stage", stage), new("reason", reason));
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
