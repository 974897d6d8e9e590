using System.Collections.Immutable;

namespace Twin.Grains.Abstractions;

/// <summary>The kinds of device on the city's LoRaWAN network; wire names are kebab-case (`river-gauge`).</summary>
public enum DeviceKind
{
    RiverGauge,
    SnowPump,
    BridgeJoint,
    ChildTracker,
    EnvSensor,
}

/// <summary>The one status ladder shared by devices, river segments, districts and the city.</summary>
public enum TwinStatus
{
    Unknown = 0,
    Normal = 1,
    Advisory = 2,
    Warning = 3,
    Alarm = 4,
    Critical = 5,
}

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

/// <summary>A WGS84 position; <c>Generated</c> marks positions the twin placed because the sources lack them.</summary>
[GenerateSerializer, Immutable, Alias("twin.geo-point")]
public sealed record GeoPoint(
    [property: Id(0)] double Lat,
    [property: Id(1)] double Lon,
    [property: Id(2)] bool Generated = false);

/// <summary>How a device talks: its payload codec, how often it should report and, for Cayenne LPP, channel names.</summary>
[GenerateSerializer, Immutable, Alias("twin.device-profile")]
public sealed record DeviceProfile(
    [property: Id(0)] string Name,
    [property: Id(1)] string Codec,
    [property: Id(2)] int ExpectedIntervalS,
    [property: Id(3)] ImmutableDictionary<int, string> Channels);

/// <summary>One device of the city's catalog, with the fields of the wire contract.</summary>
[GenerateSerializer, Immutable, Alias("twin.device-info")]
public sealed record DeviceInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] DeviceKind Kind,
    [property: Id(2)] string District,
    [property: Id(3)] string Name,
    [property: Id(4)] GeoPoint Position,
    [property: Id(5)] string DevEui,
    [property: Id(6)] DeviceProfile Profile,
    [property: Id(7)] ImmutableDictionary<string, double> Thresholds)
{
    /// <summary>River segment a gauge belongs to (gauges only).</summary>
    [Id(8)] public string? Segment { get; init; }

    /// <summary>The gateway expected to hear this device.</summary>
    [Id(9)] public string? Gateway { get; init; }

    /// <summary>For child trackers: whether the family's opt-in consent is recorded.</summary>
    [Id(10)] public bool Consent { get; init; } = true;

    /// <summary>For child trackers: the elementary school the child attends (a school id).</summary>
    [Id(11)] public string? School { get; init; }

    /// <summary>For bridge joints: the bridge's id; for env sensors: their role (weather, paddy, soil, buoy, people-counter).</summary>
    [Id(12)] public string? Group { get; init; }
}

/// <summary>Radio metadata of the uplink that carried a reading (LoRaWAN), when known.</summary>
[GenerateSerializer, Immutable, Alias("twin.radio-info")]
public sealed record RadioInfo(
    [property: Id(0)] string? Gateway,
    [property: Id(1)] double? Rssi,
    [property: Id(2)] double? Snr);

/// <summary>One decoded reading of a device: wire field names map to numbers; <c>State</c> is a pump's lamp state.</summary>
[GenerateSerializer, Immutable, Alias("twin.reading")]
public sealed record Reading(
    [property: Id(0)] DateTimeOffset Ts,
    [property: Id(1)] long Seq,
    [property: Id(2)] ImmutableDictionary<string, double> Values,
    [property: Id(3)] string? State = null,
    [property: Id(4)] RadioInfo? Radio = null)
{
    /// <summary>The MQTT topic the reading arrived on (native or a network server's), so replies go back the same way; not kept in history.</summary>
    [Id(5)] public string? Source { get; init; }

    /// <summary>The value of a field, or null when the reading lacks it.</summary>
    public double? Get(string field) => Values.TryGetValue(field, out var v) ? v : null;
}

/// <summary>What became of a reading offered to a device grain.</summary>
public enum ApplyOutcome
{
    /// <summary>Applied to the live state.</summary>
    Applied,
    /// <summary>Older than the live state: kept in history only.</summary>
    Late,
    /// <summary>A seq the device sent recently: ignored.</summary>
    Duplicate,
}

/// <summary>A device's health, shown apart from the status ladder.</summary>
[GenerateSerializer, Immutable, Alias("twin.device-health")]
public sealed record DeviceHealth(
    [property: Id(0)] DateTimeOffset? LastSeen,
    [property: Id(1)] int ExpectedIntervalS,
    [property: Id(2)] double? Battery,
    [property: Id(3)] double? Rssi,
    [property: Id(4)] double? Snr,
    [property: Id(5)] string? Gateway,
    [property: Id(6)] bool Silent);

/// <summary>The full live state of one device, as the REST API and the hub show it.</summary>
[GenerateSerializer, Immutable, Alias("twin.device-snapshot")]
public sealed record DeviceSnapshot(
    [property: Id(0)] DeviceInfo Info,
    [property: Id(1)] TwinStatus Status,
    [property: Id(2)] DeviceHealth Health,
    [property: Id(3)] Reading? Reading,
    [property: Id(4)] ImmutableArray<string> Anomalies,
    [property: Id(5)] ImmutableDictionary<string, double> Derived);

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

/// <summary>The current weather of a district, from its weather station.</summary>
[GenerateSerializer, Immutable, Alias("twin.weather")]
public sealed record Weather(
    [property: Id(0)] DateTimeOffset Ts,
    [property: Id(1)] double? AirTempC,
    [property: Id(2)] double? PrecipitationMmH,
    [property: Id(3)] double? SnowfallCmH,
    [property: Id(4)] string? StationId);
