using Twin.Grains.Abstractions;

namespace Twin.Silo.Contracts;

/// <summary>The city as anyone may see it (<c>GET /api/public/city</c>): status of the city and its districts.</summary>
public sealed record PublicCityDto(string Id, string NameJa, string NameEn, int Population, TwinStatus Status, IReadOnlyList<PublicDistrictDto> Districts, DateTimeOffset UpdatedAt)
{
    /// <summary>The public part of the city's snapshot.</summary>
    public static PublicCityDto From(CitySnapshot c) =>
        new(c.Id, c.NameJa, c.NameEn, c.Population, c.Status, [.. c.Districts.Select(PublicDistrictDto.From)], c.UpdatedAt);
}
