using Twin.Grains.Abstractions.Alarms;

namespace Twin.Grains.Alarms;

/// <summary>A grouping grain's persisted state: recent raises, the open group and its members, what is still untold.</summary>
[GenerateSerializer, Alias("twin.alarm-burst-state")]
public sealed class AlarmBurstState
{
    /// <summary>When the recent alarms arose, oldest first (within the window).</summary>
    [Id(0)] public List<DateTimeOffset> Recent { get; set; } = [];

    /// <summary>The open group's id.</summary>
    [Id(1)] public string? GroupId { get; set; }

    /// <summary>Every member's source, in the order they joined.</summary>
    [Id(2)] public List<string> Members { get; set; } = [];

    /// <summary>When the last member joined.</summary>
    [Id(3)] public DateTimeOffset LastJoin { get; set; }

    /// <summary>Since when members wait to be told (null: all told).</summary>
    [Id(4)] public DateTimeOffset? PendingSince { get; set; }

    /// <summary>The latest member, whom the group's notification shows.</summary>
    [Id(5)] public Alarm? Latest { get; set; }

    /// <summary>Groups opened so far (numbers the group ids).</summary>
    [Id(6)] public int Opened { get; set; }

    /// <summary>Gateways: the silent devices' open alarms behind the gateway, alarm id → source.</summary>
    [Id(7)] public Dictionary<string, string> Silent { get; set; } = new(StringComparer.Ordinal);
}
