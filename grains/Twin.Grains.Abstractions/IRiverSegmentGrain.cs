using Orleans.Concurrency;

namespace Twin.Grains.Abstractions;

/// <summary>One stretch of river, keyed by segment id, aggregating its gauges upstream to downstream.</summary>
public interface IRiverSegmentGrain : IGrainWithStringKey
{
    /// <summary>A gauge of this segment reports a change.</summary>
    [OneWay]
    Task UpdateGaugeAsync(GaugeDigest gauge);

    /// <summary>The segment's live state.</summary>
    ValueTask<SegmentSummary> GetAsync();
}
