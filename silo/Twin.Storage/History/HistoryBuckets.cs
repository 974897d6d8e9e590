using System.Collections.Immutable;
using Twin.Grains.Abstractions;

namespace Twin.Storage.History;

/// <summary>Averages per bucket as the history answers them: the C# reference that the databases' queries match.</summary>
/// <remarks>
/// Buckets are aligned to the window's start: a reading at Ts is in bucket k = floor((Ts − from) / step), whose row has
/// Ts = from + k·step (in from's offset), the seq and state of the bucket's last reading (by Ts, then commit order), and
/// each numeric field averaged over the readings that carry it, rounded to <see cref="Decimals"/> decimals. Flagged
/// readings (refused at ingestion) are left out; a reading delivered more than once (same seq and Ts) counts once.
/// </remarks>
public static class HistoryBuckets
{
    /// <summary>Decimals an average is rounded to.</summary>
    public const int Decimals = 6;

    /// <summary>Averages <paramref name="readings"/> (by Ts, then commit order) per bucket, leaving out flagged and repeated ones.</summary>
    public static IReadOnlyList<Reading> Aggregate(IEnumerable<Reading> readings, DateTimeOffset from, TimeSpan step) =>
        Downsample(Distinct(readings.Where(r => r.Flag is null)), from, step);

    /// <summary>The first delivery of each reading (seq and Ts); the log keeps repeated deliveries.</summary>
    public static IEnumerable<Reading> Distinct(IEnumerable<Reading> readings)
    {
        var seen = new HashSet<(long, DateTimeOffset)>();
        foreach (var r in readings)
        {
            if (seen.Add((r.Seq, r.Ts)))
            {
                yield return r;
            }
        }
    }

    /// <summary>One row per bucket: numeric fields averaged, the last state kept, ts = the bucket's start.</summary>
    public static List<Reading> Downsample(IEnumerable<Reading> readings, DateTimeOffset origin, TimeSpan step)
    {
        var result = new List<Reading>();
        foreach (var group in readings.GroupBy(r => (r.Ts - origin).Ticks / step.Ticks).OrderBy(g => g.Key))
        {
            var items = group.ToList();
            var values = items.SelectMany(r => r.Values)
                .GroupBy(kv => kv.Key)
                .ToDictionary(g => g.Key, g => Round(g.Average(kv => kv.Value)));
            result.Add(new Reading(Start(origin, step, group.Key), items[^1].Seq, ImmutableDictionary.CreateRange(values), items[^1].State));
        }
        return result;
    }

    /// <summary>The start of bucket <paramref name="bucket"/>, in the offset of <paramref name="origin"/>.</summary>
    internal static DateTimeOffset Start(DateTimeOffset origin, TimeSpan step, long bucket) => origin + TimeSpan.FromTicks(bucket * step.Ticks);

    /// <summary>An average as the history reports it.</summary>
    internal static double Round(double average) => Math.Round(average, Decimals);
}
