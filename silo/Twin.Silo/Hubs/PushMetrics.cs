namespace Twin.Silo.Hubs;

/// <summary>Instruments of the push path on the meter <c>Twin.Push</c> (exported as <c>twin_push_*</c>).</summary>
internal static class PushMetrics
{
    private static readonly System.Diagnostics.Metrics.Meter Meter = new("Twin.Push");

    /// <summary>Messages handed to SignalR, one per group they go to, by hub method (city, district, river, device, alarm).</summary>
    public static readonly System.Diagnostics.Metrics.Counter<long> Messages =
        Meter.CreateCounter<long>("messages", "{message}", "Push messages sent to SignalR groups, by hub method");
}
