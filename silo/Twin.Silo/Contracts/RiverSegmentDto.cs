using Twin.Grains.Abstractions;

namespace Twin.Silo.Contracts;

/// <summary>One stretch of river (<c>GET /api/rivers/{id}</c>, the hub's <c>river</c> message): its gauges upstream to downstream, the highest level, the fastest rise.</summary>
public sealed record RiverSegmentDto(
    string Id,
    string River,
    string NameJa,
    string NameEn,
    string District,
    TwinStatus Status,
    IReadOnlyList<GaugeDto> Gauges,
    string? HighestGauge,
    double? HighestDangerRatio,
    string? FastestGauge,
    double? FastestRiseMPer10Min,
    IReadOnlyList<string> Anomalies)
{
    /// <summary>The wire shape of a segment grain's summary.</summary>
    public static RiverSegmentDto From(SegmentSummary s) => new(
        s.Id, s.River, s.NameJa, s.NameEn, s.District, s.Status, [.. s.Gauges.Select(GaugeDto.From)],
        s.HighestGauge, s.HighestDangerRatio, s.FastestGauge, s.FastestRiseMPer10Min, s.Anomalies);
}
