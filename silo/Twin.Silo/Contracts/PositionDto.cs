using Twin.Grains.Abstractions;

namespace Twin.Silo.Contracts;

/// <summary>A device's WGS84 position; <c>generated</c> where the twin placed it because the sources lack it.</summary>
public sealed record PositionDto(double Lat, double Lon, bool Generated)
{
    /// <summary>The device's position, or null for a child tracker: a child's position never leaves the twin.</summary>
    public static PositionDto? Of(DeviceInfo info) =>
        info.Kind == DeviceKind.ChildTracker ? null : new(info.Position.Lat, info.Position.Lon, info.Position.Generated);
}
