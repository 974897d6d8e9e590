using Twin.Grains.Abstractions;

namespace Twin.Silo.Contracts;

/// <summary>Bridge joints in an area: how many, how many in alarm, the worst status.</summary>
public sealed record BridgesDto(int Joints, int Alarms, TwinStatus Worst)
{
    /// <summary>The wire shape of an aggregate's bridge summary.</summary>
    public static BridgesDto From(BridgeSummary b) => new(b.Joints, b.Alarms, b.Worst);
}
