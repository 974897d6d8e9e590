using System.Collections.Immutable;
using Twin.Grains.Abstractions;

namespace Twin.Grains.Tests;

/// <summary>Builds readings for tests.</summary>
public static class Readings
{
    public static Reading Of(DateTimeOffset ts, long seq, params (string Name, double Value)[] values) =>
        new(ts, seq, values.ToImmutableDictionary(v => v.Name, v => v.Value));

    public static Reading Pump(DateTimeOffset ts, long seq, string state, double? pressure = null) =>
        new(ts, seq, pressure is { } p ? ImmutableDictionary<string, double>.Empty.Add("pressure_mpa", p) : ImmutableDictionary<string, double>.Empty, state);
}
