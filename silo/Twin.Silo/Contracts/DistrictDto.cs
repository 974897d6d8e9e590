using System.Text.Json.Serialization;
using Twin.Grains.Abstractions;

namespace Twin.Silo.Contracts;

/// <summary>One district's live state (<c>GET /api/districts/{id}</c>); the hub's <c>district</c> message adds <c>changed</c> and <c>childCells</c>.</summary>
public sealed record DistrictDto(
    string Id,
    string NameJa,
    string NameEn,
    int Population,
    TwinStatus Status,
    StatusCountsDto Counts,
    PumpsDto Pumps,
    BridgesDto Bridges,
    ChildrenDto Children,
    WeatherDto? Weather,
    IReadOnlyList<RiverSegmentDto> Rivers,
    DateTimeOffset UpdatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<DeviceStatusDto>? Changed = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<CellCountDto>? ChildCells = null)
{
    /// <summary>The wire shape of a district grain's snapshot, as REST shows it.</summary>
    public static DistrictDto From(DistrictSnapshot d) => new(
        d.Id, d.NameJa, d.NameEn, d.Population, d.Status, StatusCountsDto.From(d.Counts), PumpsDto.From(d.Pumps),
        BridgesDto.From(d.Bridges), ChildrenDto.From(d.Children), d.Weather is null ? null : WeatherDto.From(d.Weather),
        [.. d.Rivers.Select(RiverSegmentDto.From)], d.UpdatedAt);

    /// <summary>The hub's <c>district</c> message: the snapshot, the devices whose status changed, the children's cells.</summary>
    public static DistrictDto Message(DistrictSnapshot d, IEnumerable<DeviceStatusEntry> changed, IEnumerable<CellCount> cells) =>
        From(d) with { Changed = [.. changed.Select(DeviceStatusDto.From)], ChildCells = [.. cells.Select(CellCountDto.From)] };
}
