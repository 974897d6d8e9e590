namespace Twin.Grains.Abstractions;

/// <summary>Bridge joints in an area.</summary>
[GenerateSerializer, Immutable, Alias("twin.bridge-summary")]
public sealed record BridgeSummary(
    [property: Id(0)] int Joints,
    [property: Id(1)] int Alarms,
    [property: Id(2)] TwinStatus Worst);
