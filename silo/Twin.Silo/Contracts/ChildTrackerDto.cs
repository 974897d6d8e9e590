using Twin.Grains.Abstractions;

namespace Twin.Silo.Contracts;

/// <summary>
/// A child tracker as REST shows it, to every role (<c>GET /api/devices/{id}</c>, a child in <c>GET /api/devices</c>): no
/// position, reading, seq, radio, gateway, last seen or silence, and a neutral name that names no school.
/// </summary>
public sealed record ChildTrackerDto(string Id, DeviceKind Kind, string District, string Name, ConsentStateDto Consent)
{
    /// <summary>The neutral name every child tracker is listed under.</summary>
    public static string NeutralName(string id) => "見守りGPS " + id;

    /// <summary>The listing of a catalog child tracker with its consent.</summary>
    public static ChildTrackerDto From(DeviceInfo info, bool granted) =>
        new(info.Id, info.Kind, info.District, NeutralName(info.Id), new ConsentStateDto(granted));
}
