using Twin.Grains.Abstractions;

namespace Twin.Silo.Contracts;

/// <summary>A district's current weather, from its weather station.</summary>
public sealed record WeatherDto(DateTimeOffset Ts, double? AirTempC, double? PrecipitationMmH, double? SnowfallCmH, string? StationId)
{
    /// <summary>The wire shape of a district's weather.</summary>
    public static WeatherDto From(Weather w) => new(w.Ts, w.AirTempC, w.PrecipitationMmH, w.SnowfallCmH, w.StationId);
}
