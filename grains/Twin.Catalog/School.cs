using Twin.Grains.Abstractions;

namespace Twin.Catalog;

/// <summary>A municipal elementary school (real position from the city's open data).</summary>
public sealed record School(string Id, string Name, string District, GeoPoint Position);
