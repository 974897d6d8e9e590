using Twin.Grains.Abstractions;

namespace Twin.Silo.Contracts;

/// <summary>How a device talks: its profile's name, payload codec and expected reporting interval.</summary>
public sealed record DeviceProfileDto(string Name, string Codec, int ExpectedIntervalS)
{
    /// <summary>The wire shape of a catalog profile (its Cayenne LPP channel names stay inside).</summary>
    public static DeviceProfileDto From(DeviceProfile p) => new(p.Name, p.Codec, p.ExpectedIntervalS);
}
