namespace Twin.Grains.Abstractions;

/// <summary>What a device tells its district: only what the district shows (no child position, only its cell).</summary>
[GenerateSerializer, Immutable, Alias("twin.device-digest")]
public sealed record DeviceDigest(
    [property: Id(0)] string Id,
    [property: Id(1)] DeviceKind Kind,
    [property: Id(2)] TwinStatus Status,
    [property: Id(3)] bool Silent)
{
    /// <summary>Snow pumps: whether the pump is available (no fault lamp, not silent).</summary>
    [Id(4)] public bool? Available { get; init; }

    /// <summary>Snow pumps: whether it is running.</summary>
    [Id(5)] public bool? Running { get; init; }

    /// <summary>Child trackers: whether the child is out and about (away from school, reporting).</summary>
    [Id(6)] public bool? Out { get; init; }

    /// <summary>Child trackers: the 250 m cell the child is in, never the position.</summary>
    [Id(7)] public string? Cell { get; init; }
}
