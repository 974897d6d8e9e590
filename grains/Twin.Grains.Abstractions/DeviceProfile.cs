using System.Collections.Immutable;

namespace Twin.Grains.Abstractions;

/// <summary>How a device talks: its payload codec, how often it should report and, for Cayenne LPP, channel names.</summary>
[GenerateSerializer, Immutable, Alias("twin.device-profile")]
public sealed record DeviceProfile(
    [property: Id(0)] string Name,
    [property: Id(1)] string Codec,
    [property: Id(2)] int ExpectedIntervalS,
    [property: Id(3)] ImmutableDictionary<int, string> Channels);
