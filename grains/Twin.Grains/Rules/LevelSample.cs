namespace Twin.Grains.Rules;

/// <summary>One level sample of a gauge.</summary>
[GenerateSerializer, Immutable, Alias("twin.level-sample")]
public readonly record struct LevelSample([property: Id(0)] DateTimeOffset Ts, [property: Id(1)] double LevelM);
