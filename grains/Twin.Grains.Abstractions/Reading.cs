using System.Collections.Immutable;

namespace Twin.Grains.Abstractions;

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

    /// <summary>
    /// Why the history keeps this reading although the twin refused it (<c>rate-limited</c>: over the flood limit);
    /// null for a reading the twin took. A flagged reading never reaches a device grain, not even by replay.
    /// </summary>
    [Id(6)] public string? Flag { get; init; }

    /// <summary>The value of a field, or null when the reading lacks it.</summary>
    public double? Get(string field) => Values.TryGetValue(field, out var v) ? v : null;
}
