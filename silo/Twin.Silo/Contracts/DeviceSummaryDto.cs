using System.Text.Json.Serialization;
using Twin.Grains.Abstractions;

namespace Twin.Silo.Contracts;

/// <summary>
/// A device in a list (<c>GET /api/devices</c>): catalog fields, status and silence; a child tracker as
/// <see cref="ChildTrackerDto"/> shows it (id, kind, district, a neutral name, consent) and nothing else.
/// </summary>
public sealed record DeviceSummaryDto(
    string Id,
    DeviceKind Kind,
    string District,
    string Name,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] PositionDto? Position,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? DevEui,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] TwinStatus? Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Silent,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ConsentStateDto? Consent = null)
{
    /// <summary>The list entry of a catalog device with the status its district knows.</summary>
    public static DeviceSummaryDto From(DeviceInfo info, TwinStatus status, bool silent) =>
        new(info.Id, info.Kind, info.District, info.Name, PositionDto.Of(info), info.DevEui, status, silent);

    /// <summary>The list entry of a child tracker: nothing about the child but its district and whether its family consents.</summary>
    public static DeviceSummaryDto Child(DeviceInfo info, bool granted) =>
        new(info.Id, info.Kind, info.District, ChildTrackerDto.NeutralName(info.Id), null, null, null, null, new ConsentStateDto(granted));
}
