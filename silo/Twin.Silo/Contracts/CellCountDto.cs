using Twin.Grains.Abstractions;

namespace Twin.Silo.Contracts;

/// <summary>Children counted in one 250 m cell, at its centre (cells with fewer than five are never shown).</summary>
public sealed record CellCountDto(string Cell, double Lat, double Lon, int Count)
{
    /// <summary>The wire shape of a district's cell count.</summary>
    public static CellCountDto From(CellCount c) => new(c.Cell, c.Lat, c.Lon, c.Count);
}
