namespace Twin.Grains.Abstractions;

/// <summary>The durable reading log: written in group-committed batches, read by device and time.</summary>
public interface IReadingHistory
{
    /// <summary>Appends a reading; completes only once the batch holding it is committed, and faults if that commit fails.</summary>
    /// <remarks>The token only stops the wait for queue space; a queued reading is written regardless.</remarks>
    ValueTask AppendAsync(HistoryRecord record, CancellationToken ct = default);

    /// <summary>A device's readings with <paramref name="from"/> &lt;= Ts &lt; <paramref name="to"/>, by Ts ascending, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<HistoryRecord>> ReadAsync(string deviceId, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken ct = default);

    /// <summary>A device's readings received at or after <paramref name="receivedSince"/>, in the order they were committed (replay after a snapshot).</summary>
    Task<IReadOnlyList<HistoryRecord>> ReadReceivedSinceAsync(string deviceId, DateTimeOffset receivedSince, CancellationToken ct = default);
}
