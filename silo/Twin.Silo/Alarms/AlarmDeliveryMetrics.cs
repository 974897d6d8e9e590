using System.Diagnostics.Metrics;
using Twin.Grains.Abstractions.Alarms;

namespace Twin.Silo.Alarms;

/// <summary>
/// Notification instruments on the <c>Twin.Alarms</c> meter (exported as <c>twin_alarms_*</c>): sent, failed attempts and
/// parked by channel, the outbox's pending and parked entries, and the time from a transition to its notification sent.
/// </summary>
public sealed class AlarmDeliveryMetrics : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Twin.Alarms";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _sent;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _parked;
    private readonly Histogram<double> _latency;
    private long _pending;
    private long _parkedNow;

    public AlarmDeliveryMetrics()
    {
        _sent = _meter.CreateCounter<long>("notifications_sent", description: "Alarm notifications sent, by channel");
        _failed = _meter.CreateCounter<long>("notification_failures", description: "Failed attempts to send an alarm notification (retried), by channel");
        _parked = _meter.CreateCounter<long>("notifications_parked", description: "Alarm notifications refused for good and parked, by channel");
        _latency = _meter.CreateHistogram<double>("notification_seconds", "s", "Time from an alarm's transition to its notification sent, by channel");
        _meter.CreateObservableGauge("outbox_pending", () => Interlocked.Read(ref _pending), description: "Alarm notifications not yet sent");
        _meter.CreateObservableGauge("outbox_parked", () => Interlocked.Read(ref _parkedNow), description: "Alarm notifications parked");
        // Every channel's series exists from the start at zero, so rates and alerts see a rise from nothing.
        foreach (var channel in Enum.GetValues<NotificationChannel>())
        {
            var tag = Tag(channel);
            _sent.Add(0, tag);
            _failed.Add(0, tag);
            _parked.Add(0, tag);
        }
    }

    /// <summary>The outbox's last counted pending and parked entries.</summary>
    public (long Pending, long Parked) Outbox => (Interlocked.Read(ref _pending), Interlocked.Read(ref _parkedNow));

    /// <summary>Counts a notification sent, <paramref name="seconds"/> after its transition.</summary>
    public void CountSent(NotificationChannel channel, double? seconds)
    {
        _sent.Add(1, Tag(channel));
        if (seconds is { } s)
        {
            _latency.Record(Math.Max(0, s), Tag(channel));
        }
    }

    /// <summary>Counts a failed attempt.</summary>
    public void CountFailed(NotificationChannel channel) => _failed.Add(1, Tag(channel));

    /// <summary>Counts a parked notification.</summary>
    public void CountParked(NotificationChannel channel) => _parked.Add(1, Tag(channel));

    /// <summary>Keeps the outbox's counts for the gauges (read at the scrape, counted by the dispatcher now and then).</summary>
    public void SetOutbox(long pending, long parked)
    {
        Interlocked.Exchange(ref _pending, pending);
        Interlocked.Exchange(ref _parkedNow, parked);
    }

    public void Dispose() => _meter.Dispose();

    private static KeyValuePair<string, object?> Tag(NotificationChannel channel) =>
        new("channel", channel.ToString().ToLowerInvariant());
}
