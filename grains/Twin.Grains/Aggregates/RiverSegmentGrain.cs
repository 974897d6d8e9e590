using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Twin.Catalog;
using Twin.Grains.Abstractions;
using Twin.Grains.Push;

namespace Twin.Grains.Aggregates;

/// <summary>One stretch of river: its gauges upstream to downstream, the highest level, the fastest rise, a rise travelling downstream.</summary>
/// <remarks>
/// Nothing is saved: a gauge tells the segment only what changes, so a new activation (the old one collected, or lost
/// with its silo) asks its few gauges where they stand, and the one-way changes that follow keep it current.
/// </remarks>
public sealed class RiverSegmentGrain(TwinCatalog catalog, ILogger<RiverSegmentGrain> logger) : Grain, IRiverSegmentGrain
{
    private readonly Dictionary<string, GaugeDigest> _gauges = [];
    private RiverSegment _segment = null!;
    private Coalescer _push = null!;
    private SegmentSummary? _summary;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var id = this.GetPrimaryKeyString();
        if (!catalog.TryGetSegment(id, out var segment))
        {
            throw new InvalidOperationException($"River segment '{id}' is not in the catalog.");
        }
        _segment = segment;
        _push = new Coalescer(this, Coalescer.DefaultInterval, async () =>
        {
            var summary = Summary();
            await GrainFactory.GetGrain<IDistrictGrain>(_segment.District).UpdateSegmentAsync(summary);
            await GrainFactory.PublishAsync(new PushMessage(PushKind.River, summary.Id) { River = summary });
        });
        var gauges = await Task.WhenAll(_segment.GaugeIds.Select(AskGaugeAsync));
        foreach (var g in gauges.OfType<DeviceSnapshot>().Where(g => g.Health.LastSeen is not null))
        {
            var rise = g.Derived.TryGetValue("rise_m_per_10min", out var r) ? r : (double?)null;
            _gauges[g.Info.Id] = new GaugeDigest(g.Info.Id, g.Status, g.Health.Silent, g.Reading?.Get("level_m"), rise, g.Reading?.Ts, g.Anomalies);
        }
        if (_gauges.Count > 0)
        {
            // The district and the viewers may hold more or less than the gauges now say: they get what this activation shows.
            _push.MarkDirty();
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => _push.FlushAsync();

    public Task UpdateGaugeAsync(GaugeDigest gauge)
    {
        _gauges[gauge.Id] = gauge;
        _summary = null;
        _push.MarkDirty();
        return Task.CompletedTask;
    }

    public ValueTask<SegmentSummary> GetAsync() => ValueTask.FromResult(Summary());

    private SegmentSummary Summary() => _summary ??= Build();

    /// <summary>A gauge's state, or null when it cannot say (it shows unknown until it next changes): a segment never fails for one gauge.</summary>
    private async Task<DeviceSnapshot?> AskGaugeAsync(string id)
    {
        try
        {
            return await GrainFactory.GetGrain<IRiverGaugeGrain>(id).GetAsync();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            AggregateLog.GaugeDidNotAnswer(logger, _segment.Id, id, e);
            return null;
        }
    }

    private SegmentSummary Build()
    {
        var status = TwinStatus.Unknown;
        string? highest = null, fastest = null;
        double? highestRatio = null, fastestRise = null;
        var gauges = ImmutableArray.CreateBuilder<GaugeLevel>(_segment.GaugeIds.Length);
        var anomalies = ImmutableArray.CreateBuilder<string>();
        string? risingUpstream = null;
        foreach (var id in _segment.GaugeIds)
        {
            catalog.TryGetDevice(id, out var info);
            _gauges.TryGetValue(id, out var g);
            gauges.Add(new GaugeLevel(id, info?.Name ?? id, g?.Status ?? TwinStatus.Unknown, g?.Silent ?? false,
                g?.LevelM, g?.RiseMPer10Min, g?.Ts, info?.Thresholds ?? ImmutableDictionary<string, double>.Empty, g?.Anomalies ?? []));
            var risingHere = g is not null && g.Anomalies.Contains(AnomalyNames.RapidRise) && !g.Silent;
            if (risingUpstream is not null && !risingHere)
            {
                // A rapid rise upstream reaches the gauges below it within hours: say so before they see it.
                anomalies.Add($"rise-travelling:{risingUpstream}->{id}");
            }
            if (risingHere)
            {
                risingUpstream = id;
            }
            if (g is null)
            {
                continue;
            }
            status = WireNames.Worst(status, g.Status);
            if (g.LevelM is { } level && info is not null && info.Thresholds.TryGetValue("danger_m", out var danger) && danger > 0)
            {
                var ratio = level / danger;
                if (highestRatio is null || ratio > highestRatio)
                {
                    (highest, highestRatio) = (id, Math.Round(ratio, 4));
                }
            }
            if (g.RiseMPer10Min is { } rise && (fastestRise is null || rise > fastestRise))
            {
                (fastest, fastestRise) = (id, rise);
            }
        }
        return new SegmentSummary(_segment.Id, _segment.River, _segment.NameJa, _segment.NameEn, _segment.District, status,
            gauges.MoveToImmutable(), highest, highestRatio, fastest, fastestRise, anomalies.ToImmutable());
    }
}
