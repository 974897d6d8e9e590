using System.Collections.Immutable;
using Twin.Grains.Abstractions;

namespace Twin.Grains.Aggregates;

/// <summary>A district's saved table: the last digest of every device that has reported, and the weather.</summary>
/// <remarks>
/// Written coalesced (at most once per <see cref="DistrictGrain.SaveInterval"/> while devices change, and on
/// deactivation), never per update; restored on activation, so that devices active nowhere still count without
/// being woken.
/// </remarks>
[GenerateSerializer, Alias("twin.district-state")]
public sealed class DistrictState
{
    /// <summary>The last digest of every device that has reported; a child tracker's without its cell, which is never saved.</summary>
    [Id(0)] public ImmutableArray<DeviceDigest> Devices { get; set; } = [];

    /// <summary>The district's weather as its station last reported it (pump rules read it from the district).</summary>
    [Id(1)] public Weather? Weather { get; set; }

    /// <summary>When the table was written (the twin's clock).</summary>
    [Id(2)] public DateTimeOffset? SavedAt { get; set; }
}
