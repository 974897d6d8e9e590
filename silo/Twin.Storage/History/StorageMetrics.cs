using System.Diagnostics.Metrics;

namespace Twin.Storage.History;

/// <summary>Instruments of the reading history writer on the meter <c>Twin.Storage</c>.</summary>
internal static class StorageMetrics
{
    public const string MeterName = "Twin.Storage";

    public static readonly Meter Meter = new(MeterName);

    public static readonly Histogram<double> BatchDuration = Meter.CreateHistogram<double>(
        "history.batch.duration", "s", "Time to commit one group-committed batch of readings.");

    public static readonly Histogram<int> BatchSize = Meter.CreateHistogram<int>(
        "history.batch.size", "{reading}", "Readings per committed batch.");

    public static readonly Counter<long> RowsWritten = Meter.CreateCounter<long>(
        "history.rows.written", "{reading}", "Readings committed to the history.");

    public static readonly Counter<long> RowsFailed = Meter.CreateCounter<long>(
        "history.rows.failed", "{reading}", "Readings whose batch failed to commit (their appenders saw the error).");

    public static readonly Counter<long> RowsRejected = Meter.CreateCounter<long>(
        "history.rows.rejected", "{reading}", "Readings the store refused for their data (their appenders saw HistoryRowRejectedException); the rest of their batch was committed.");
}
