namespace Twin.Grains.Abstractions;

/// <summary>The current weather of a district, from its weather station.</summary>
[GenerateSerializer, Immutable, Alias("twin.weather")]
public sealed record Weather(
    [property: Id(0)] DateTimeOffset Ts,
    [property: Id(1)] double? AirTempC,
    [property: Id(2)] double? PrecipitationMmH,
    [property: Id(3)] double? SnowfallCmH,
    [property: Id(4)] string? StationId);
