using System.Collections.Immutable;

namespace Twin.Grains.Abstractions.Alarms;

/// <summary>A filter over alarms; an empty set matches all. No states: every alarm not <see cref="AlarmState.Normal"/>.</summary>
public sealed record AlarmQuery
{
    /// <summary>States to list; empty: every state but normal.</summary>
    public ImmutableArray<AlarmState> States { get; init; } = [];

    /// <summary>District ids.</summary>
    public ImmutableArray<string> Districts { get; init; } = [];

    /// <summary>Severities.</summary>
    public ImmutableArray<TwinStatus> Severities { get; init; } = [];

    /// <summary>Alarm types.</summary>
    public ImmutableArray<string> Types { get; init; } = [];

    /// <summary>At most this many, newest raised first (the API sorts worst first).</summary>
    public int Limit { get; init; } = 10_000;
}
