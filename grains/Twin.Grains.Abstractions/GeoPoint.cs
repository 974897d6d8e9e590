namespace Twin.Grains.Abstractions;

/// <summary>A WGS84 position; <c>Generated</c> marks positions the twin placed because the sources lack them.</summary>
[GenerateSerializer, Immutable, Alias("twin.geo-point")]
public sealed record GeoPoint(
    [property: Id(0)] double Lat,
    [property: Id(1)] double Lon,
    [property: Id(2)] bool Generated = false);
