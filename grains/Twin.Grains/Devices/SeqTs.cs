namespace Twin.Grains.Devices;

/// <summary>A remembered (seq, ts) pair.</summary>
[GenerateSerializer, Immutable, Alias("twin.seq-ts")]
public readonly record struct SeqTs([property: Id(0)] long Seq, [property: Id(1)] DateTimeOffset Ts);
