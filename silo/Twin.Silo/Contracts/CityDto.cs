using System.Text.Json.Serialization;
using Twin.Grains.Abstractions;

namespace Twin.Silo.Contracts;

/// <summary>The whole city's live state and its seven districts (<c>GET /api/city</c>); the hub's <c>city</c> message adds <c>changed</c>.</summary>
public sealed record CityDto(
    string Id,
    string NameJa,
    string NameEn,
    int Population,
    TwinStatus Status,
    StatusCountsDto Counts,
    PumpsDto Pumps,
    BridgesDto Bridges,
    ChildrenDto Children,
    IReadOnlyList<DistrictDto> Districts,
    DateTimeOffset UpdatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<DeviceStatusDto>? Changed = null)
{
    /// <summary>The wire shape of the city grain's snapshot, as REST shows it.</summary>
    public static CityDto From(CitySnapshot c) => new(
        c.Id, c.NameJa, c.NameEn, c.Population, c.Status, StatusCountsDto.From(c.Counts), PumpsDto.From(c.Pumps),
        BridgesDto.From(c.Bridges), ChildrenDto.From(c.Children), [.. c.Districts.Select(DistrictDto.From)], c.UpdatedAt);

    /// <summary>The hub's <c>city</c> message: the snapshot and the devices whose status changed.</summary>
    public static CityDto Message(CitySnapshot c, IEnumerable<DeviceStatusEntry> changed) =>
        From(c) with { Changed = [.. changed.Select(DeviceStatusDto.From)] };
}
