using System.Runtime.CompilerServices;
using Twin.Grains.Abstractions;

namespace Twin.Storage.History;

/// <summary>The history's queries over a history held in memory (tests, demos): the C# reference of <see cref="HistoryBuckets"/> itself.</summary>
public sealed class MemoryHistoryQuery(IReadingHistory history) : IHistoryQuery
{
    /// <inheritdoc />
    public async Task<int> CountAsync(string deviceId, DateTimeOffset from, DateTimeOffset to, int atMost, CancellationToken ct = default) =>
        atMost == 0 ? 0 : (await history.ReadAsync(deviceId, Truncate(from), Truncate(to), atMost, ct).ConfigureAwait(false)).Count;

    /// <inheritdoc />
    public async Task<HistoryFields> FieldsAsync(string deviceId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        var readings = await AllAsync(deviceId, from, to, ct).ConfigureAwait(false);
        return new HistoryFields(
            [.. readings.SelectMany(r => r.Values.Keys).Distinct().Order(StringComparer.Ordinal)],
            readings.Any(r => r.Flag is not null));
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<Reading> ReadAsync(string deviceId, DateTimeOffset from, DateTimeOffset to, int limit,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        foreach (var reading in HistoryBuckets.Distinct(await AllAsync(deviceId, from, to, ct).ConfigureAwait(false)).Take(limit))
        {
            yield return reading;
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<Reading> AggregateAsync(string deviceId, DateTimeOffset from, DateTimeOffset to, TimeSpan step,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        var readings = await AllAsync(deviceId, from, to, ct).ConfigureAwait(false);
        foreach (var reading in HistoryBuckets.Aggregate(readings, Truncate(from), TimeSpan.FromMicroseconds((long)step.TotalMicroseconds)))
        {
            yield return reading;
        }
    }

    private async Task<IEnumerable<Reading>> AllAsync(string deviceId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        (await history.ReadAsync(deviceId, Truncate(from), Truncate(to), int.MaxValue, ct).ConfigureAwait(false)).Select(r => r.Reading);

    private static DateTimeOffset Truncate(DateTimeOffset time) => HistoryTime.Truncate(time);
}
