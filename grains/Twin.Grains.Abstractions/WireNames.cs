using System.Collections.Immutable;

namespace Twin.Grains.Abstractions;

/// <summary>Wire names and parsing for <see cref="DeviceKind"/> and <see cref="TwinStatus"/>.</summary>
public static class WireNames
{
    /// <summary>All device kinds, in catalog order.</summary>
    public static readonly ImmutableArray<DeviceKind> AllKinds =
        [DeviceKind.RiverGauge, DeviceKind.SnowPump, DeviceKind.BridgeJoint, DeviceKind.ChildTracker, DeviceKind.EnvSensor];

    /// <summary>The kind's name on the wire (topics, JSON, query strings).</summary>
    public static string ToWire(this DeviceKind kind) => kind switch
    {
        DeviceKind.RiverGauge => "river-gauge",
        DeviceKind.SnowPump => "snow-pump",
        DeviceKind.BridgeJoint => "bridge-joint",
        DeviceKind.ChildTracker => "child-tracker",
        DeviceKind.EnvSensor => "env-sensor",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The status's name on the wire.</summary>
    public static string ToWire(this TwinStatus status) => status switch
    {
        TwinStatus.Unknown => "unknown",
        TwinStatus.Normal => "normal",
        TwinStatus.Advisory => "advisory",
        TwinStatus.Warning => "warning",
        TwinStatus.Alarm => "alarm",
        TwinStatus.Critical => "critical",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>Parses a wire kind name; false when it is not one of ours.</summary>
    public static bool TryParseKind(string? text, out DeviceKind kind)
    {
        foreach (var k in AllKinds)
        {
            if (string.Equals(k.ToWire(), text, StringComparison.Ordinal))
            {
                kind = k;
                return true;
            }
        }
        kind = default;
        return false;
    }

    /// <summary>The higher of two statuses on the ladder.</summary>
    public static TwinStatus Worst(TwinStatus a, TwinStatus b) => a >= b ? a : b;
}
