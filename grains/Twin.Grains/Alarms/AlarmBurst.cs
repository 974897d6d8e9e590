using System.Collections.Immutable;
using Twin.Grains.Abstractions.Alarms;

namespace Twin.Grains.Alarms;

/// <summary>
/// Grouping of a flood of alarms of one type in one district (a snow storm's pumps): the first alarms notify at once;
/// once <see cref="Threshold"/> have arisen within <see cref="Window"/>, later ones join a group that is told in one
/// notification listing every member's source, sent when the burst has been quiet for <see cref="Quiet"/> or the group's
/// pending members have waited <see cref="Window"/>. A group stays open while alarms keep coming within the window.
/// Plain C# on the time passed in.
/// </summary>
public sealed class AlarmBurst(AlarmBurstState state, int threshold = AlarmBurst.DefaultThreshold)
{
    /// <summary>Alarms within the window that notify alone; later ones are grouped.</summary>
    public const int DefaultThreshold = 10;

    /// <summary>The window the threshold counts over.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(60);

    /// <summary>A group's notification goes when no member has joined for this long.</summary>
    public static readonly TimeSpan Quiet = TimeSpan.FromSeconds(10);

    /// <summary>Alarms within the window that notify alone.</summary>
    public int Threshold { get; } = threshold;

    /// <summary>The open group's id, null when none is open.</summary>
    public string? GroupId => state.GroupId;

    /// <summary>Every member's source of the open group.</summary>
    public IReadOnlyList<string> Members => state.Members;

    /// <summary>Whether members joined since the group was last told.</summary>
    public bool Pending => state.PendingSince is not null;

    /// <summary>
    /// A new alarm at <paramref name="now"/>: null when it notifies alone, else the group it joins (opened with
    /// <paramref name="prefix"/> and a number when none is open).
    /// </summary>
    public string? Join(Alarm alarm, DateTimeOffset now, string prefix)
    {
        state.Recent.RemoveAll(t => now - t > Window);
        if (state.GroupId is not null && now - state.LastJoin > Window && state.PendingSince is null)
        {
            // The burst ended and was told: the next flood is a new group.
            state.GroupId = null;
            state.Members.Clear();
        }
        state.Recent.Add(now);
        if (state.GroupId is null && state.Recent.Count <= Threshold)
        {
            return null;
        }
        return Add(alarm, now, prefix);
    }

    /// <summary>Adds a member to the group (opening it when none is open) and returns the group id.</summary>
    public string Add(Alarm alarm, DateTimeOffset now, string prefix)
    {
        state.GroupId ??= $"{prefix}#{++state.Opened}";
        if (!state.Members.Contains(alarm.Source, StringComparer.Ordinal))
        {
            state.Members.Add(alarm.Source);
        }
        state.Latest = alarm;
        state.LastJoin = now;
        state.PendingSince ??= now;
        return state.GroupId;
    }

    /// <summary>Whether the group's notification is due at <paramref name="now"/>.</summary>
    public bool Due(DateTimeOffset now) => DueAt is { } at && now >= at;

    /// <summary>When the group's notification is due (null when nothing is pending).</summary>
    public DateTimeOffset? DueAt => state.PendingSince is { } since
        ? (state.LastJoin + Quiet <= since + Window ? state.LastJoin + Quiet : since + Window)
        : null;

    /// <summary>The group is told: members joining later are told in its next notification, with everyone before them.</summary>
    public ImmutableArray<string> Told()
    {
        state.PendingSince = null;
        return [.. state.Members];
    }
}
