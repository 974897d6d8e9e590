using System.Collections.Immutable;
using Twin.Grains.Abstractions;

namespace Twin.Grains.Rules;

/// <summary>What a rule class concludes about a device: its status, the anomalies behind it and derived figures.</summary>
public sealed record Verdict(TwinStatus Status, ImmutableArray<string> Anomalies, ImmutableDictionary<string, double> Derived)
{
    /// <summary>A verdict with no anomalies and no derived figures.</summary>
    public static Verdict Of(TwinStatus status) => new(status, [], ImmutableDictionary<string, double>.Empty);
}
