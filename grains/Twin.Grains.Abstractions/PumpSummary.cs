namespace Twin.Grains.Abstractions;

/// <summary>Snow pump availability in an area.</summary>
[GenerateSerializer, Immutable, Alias("twin.pump-summary")]
public sealed record PumpSummary(
    [property: Id(0)] int Total,
    [property: Id(1)] int Reporting,
    [property: Id(2)] int Running,
    [property: Id(3)] int Available,
    [property: Id(4)] int Faults,
    [property: Id(5)] int LowWater,
    [property: Id(6)] int Silent);
