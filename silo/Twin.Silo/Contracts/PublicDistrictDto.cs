using Twin.Grains.Abstractions;

namespace Twin.Silo.Contracts;

/// <summary>A district as anyone may see it (<c>/api/public/…</c>): its names, population and status — nothing per device or child.</summary>
public sealed record PublicDistrictDto(string Id, string NameJa, string NameEn, int Population, TwinStatus Status, DateTimeOffset UpdatedAt)
{
    /// <summary>The public part of a district's snapshot.</summary>
    public static PublicDistrictDto From(DistrictSnapshot d) => new(d.Id, d.NameJa, d.NameEn, d.Population, d.Status, d.UpdatedAt);
}
