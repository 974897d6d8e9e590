namespace Twin.Storage.History;

/// <summary>Retention and downsampling operations a history store offers its maintenance service.</summary>
public interface IHistoryMaintenance
{
    /// <summary>Deletes readings with Ts before <paramref name="cutoff"/>; returns how many.</summary>
    Task<long> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken ct = default);

    /// <summary>
    /// Deletes the readings of <paramref name="deviceIds"/> with Ts before <paramref name="cutoff"/>, or all of them when it is null
    /// (a child's short retention, a family's withdrawal); returns how many.
    /// </summary>
    Task<long> DeleteDevicesAsync(IReadOnlyCollection<string> deviceIds, DateTimeOffset? cutoff, CancellationToken ct = default);

    /// <summary>Within [from, to), keeps the first reading per device per <paramref name="bucket"/> (buckets aligned to the Unix epoch); returns how many it removed.</summary>
    Task<long> DownsampleAsync(DateTimeOffset from, DateTimeOffset to, TimeSpan bucket, CancellationToken ct = default);

    /// <summary>The Ts of the oldest reading, or null when the history is empty.</summary>
    Task<DateTimeOffset?> OldestTsAsync(CancellationToken ct = default);
}
