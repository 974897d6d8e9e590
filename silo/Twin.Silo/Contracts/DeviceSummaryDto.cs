using Twin.Grains.Abstractions;

namespace Twin.Silo.Contracts;

/// <summary>A device in a list (<c>GET /api/devices</c>): catalog fields, status and silence.</summary>
public sealed record DeviceSummaryDto(
    string Id,
    DeviceKind Kind,
    string District,
    string Name,
    PositionDto? Position,
    string DevEui,
    TwinStatus Status,
    bool Silent)
{
    /// <summary>The list entry of a catalog device with the status its district knows.</summary>
    public static DeviceSummaryDto From(DeviceInfo info, TwinStatus status, bool silent) =>
        new(info.Id, info.Kind, info.District, info.Name, PositionDto.Of(info), info.DevEui, status, silent);
}
