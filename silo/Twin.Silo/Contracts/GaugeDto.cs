using Twin.Grains.Abstractions;

namespace Twin.Silo.Contracts;

/// <summary>One gauge of a river segment: its level and rise against its warning levels.</summary>
public sealed record GaugeDto(
    string Id,
    string Name,
    TwinStatus Status,
    bool Silent,
    double? LevelM,
    double? RiseMPer10Min,
    DateTimeOffset? Ts,
    IReadOnlyDictionary<string, double> Thresholds,
    IReadOnlyList<string> Anomalies)
{
    /// <summary>The wire shape of a segment's gauge; its thresholds in the order the catalog holds them.</summary>
    public static GaugeDto From(GaugeLevel g) => new(g.Id, g.Name, g.Status, g.Silent, g.LevelM, g.RiseMPer10Min, g.Ts, g.Thresholds, g.Anomalies);
}
