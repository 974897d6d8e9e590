using System.Collections.Immutable;
using Twin.Grains.Abstractions;
using Twin.Grains.Abstractions.Alarms;
using Twin.Grains.Rules;

namespace Twin.Grains.Devices;

/// <summary>A device grain's persisted snapshot: live reading, status, health and what its rules need to remember.</summary>
[GenerateSerializer, Alias("twin.device-state")]
public sealed class DeviceState
{
    /// <summary>The reading the live state shows (for child trackers it holds the position, which never leaves the grain).</summary>
    [Id(0)] public Reading? Reading { get; set; }

    /// <summary>The status on the ladder.</summary>
    [Id(1)] public TwinStatus Status { get; set; }

    /// <summary>The anomalies behind the status.</summary>
    [Id(2)] public ImmutableArray<string> Anomalies { get; set; } = [];

    /// <summary>Figures the rules derived (rate of rise, lamp, minutes in state).</summary>
    [Id(3)] public ImmutableDictionary<string, double> Derived { get; set; } = ImmutableDictionary<string, double>.Empty;

    /// <summary>When the twin last heard the device (its clock, not the device's).</summary>
    [Id(4)] public DateTimeOffset? LastSeen { get; set; }

    /// <summary>Radio metadata of the last uplink.</summary>
    [Id(5)] public RadioInfo? Radio { get; set; }

    /// <summary>Battery, volts or percent as the kind reports it.</summary>
    [Id(6)] public double? Battery { get; set; }

    /// <summary>Recent (seq, ts) pairs for duplicate detection, oldest first.</summary>
    [Id(7)] public ImmutableArray<SeqTs> Recent { get; set; } = [];

    /// <summary>Seq of the live reading.</summary>
    [Id(8)] public long? LastSeq { get; set; }

    /// <summary>Ts of the live reading.</summary>
    [Id(9)] public DateTimeOffset? LastTs { get; set; }

    /// <summary>Gauges: level samples of the last hours, for rate of rise and a stuck sensor.</summary>
    [Id(10)] public ImmutableList<LevelSample> Levels { get; set; } = ImmutableList<LevelSample>.Empty;

    /// <summary>Pumps: since when the lamp state has held.</summary>
    [Id(11)] public DateTimeOffset? StateSince { get; set; }

    /// <summary>Whether the device was silent when last checked.</summary>
    [Id(12)] public bool Silent { get; set; }

    /// <summary>When this snapshot was taken (the twin's clock); activation replays history received after it.</summary>
    [Id(13)] public DateTimeOffset? SnapshotAt { get; set; }

    /// <summary>Bridge joints: the lamp state last commanded by downlink (null: never commanded).</summary>
    [Id(14)] public bool? LampOn { get; set; }

    /// <summary>The topic of the last uplink, for downlinks (native or a network server's).</summary>
    [Id(15)] public string? UplinkTopic { get; set; }

    /// <summary>Child trackers: when the child last moved (by the reading's time), to tell walking from staying put.</summary>
    [Id(16)] public DateTimeOffset? LastMovedAt { get; set; }

    /// <summary>The alarm conditions last reported to the device's alarm source grain (reported again only when they change).</summary>
    [Id(17)] public ImmutableArray<AlarmCondition> Alarms { get; set; } = [];
}
