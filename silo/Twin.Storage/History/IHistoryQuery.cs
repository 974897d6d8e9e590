using Twin.Grains.Abstractions;

namespace Twin.Storage.History;

/// <summary>The history's read side for people (REST): readings streamed as they are read, and averages per bucket computed by the database.</summary>
/// <remarks>
/// Apart from <see cref="IReadingHistory"/>, which the grains see and which stays small. Times and steps are taken to the
/// microsecond, the history's resolution; every window is <c>from &lt;= Ts &lt; to</c>.
/// </remarks>
public interface IHistoryQuery
{
    /// <summary>How many readings a device has in the window (repeated deliveries included), counting no further than <paramref name="atMost"/>.</summary>
    Task<int> CountAsync(string deviceId, DateTimeOffset from, DateTimeOffset to, int atMost, CancellationToken ct = default);

    /// <summary>The field names the device's readings in the window carry, and whether any of them is flagged.</summary>
    Task<HistoryFields> FieldsAsync(string deviceId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default);

    /// <summary>A device's readings in the window by Ts, then commit order, at most <paramref name="limit"/>; flagged ones too, with their flag.</summary>
    IAsyncEnumerable<Reading> ReadAsync(string deviceId, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken ct = default);

    /// <summary>One reading per <paramref name="step"/>-long bucket that holds readings, oldest first: see <see cref="HistoryBuckets"/>.</summary>
    IAsyncEnumerable<Reading> AggregateAsync(string deviceId, DateTimeOffset from, DateTimeOffset to, TimeSpan step, CancellationToken ct = default);
}
