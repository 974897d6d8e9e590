namespace Twin.Grains.Abstractions;

/// <summary>Children counted in one 250 m cell (cells with fewer than five are never shown).</summary>
[GenerateSerializer, Immutable, Alias("twin.cell-count")]
public sealed record CellCount(
    [property: Id(0)] string Cell,
    [property: Id(1)] double Lat,
    [property: Id(2)] double Lon,
    [property: Id(3)] int Count);
