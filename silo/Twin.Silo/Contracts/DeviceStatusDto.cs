using Twin.Grains.Abstractions;

namespace Twin.Silo.Contracts;

/// <summary>A device whose status changed, in a hub message's <c>changed</c>, so a map can recolour its marker.</summary>
public sealed record DeviceStatusDto(string Id, TwinStatus Status, bool Silent)
{
    /// <summary>The wire shape of a district's status entry.</summary>
    public static DeviceStatusDto From(DeviceStatusEntry e) => new(e.Id, e.Status, e.Silent);
}
