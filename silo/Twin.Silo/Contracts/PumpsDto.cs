using Twin.Grains.Abstractions;

namespace Twin.Silo.Contracts;

/// <summary>Snow pump availability in an area.</summary>
public sealed record PumpsDto(int Total, int Reporting, int Running, int Available, int Faults, int LowWater, int Silent)
{
    /// <summary>The wire shape of an aggregate's pump summary.</summary>
    public static PumpsDto From(PumpSummary p) => new(p.Total, p.Reporting, p.Running, p.Available, p.Faults, p.LowWater, p.Silent);
}
