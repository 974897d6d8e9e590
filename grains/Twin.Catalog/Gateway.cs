using Twin.Grains.Abstractions;

namespace Twin.Catalog;

/// <summary>A LoRaWAN gateway of the city's sensor network; positions are generated (placed at admin facilities, stations and schools).</summary>
public sealed record Gateway(string Id, string Name, string District, GeoPoint Position);
