using Twin.Catalog;

namespace Twin.Simulation;

/// <summary>
/// The catalog's SplitMix64 generator seeded by the run's seed and a stream name, so each part of a run (rain, faults,
/// noise) draws its own sequence and the same seed gives the same run on every runtime.
/// </summary>
public sealed class SeededRandom
{
    private readonly DeterministicRandom _random;

    public SeededRandom(long seed, string stream)
    {
        _random = new DeterministicRandom((ulong)seed ^ Hash(stream));
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => _random.NextDouble();

    /// <summary>Uniform in [min, max).</summary>
    public double Between(double min, double max) => _random.Between(min, max);

    /// <summary>True with probability <paramref name="p"/>.</summary>
    public bool Chance(double p) => NextDouble() < p;

    /// <summary>FNV-1a of a text: a stable hash (string.GetHashCode is randomised per process).</summary>
    public static ulong Hash(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }
        return hash;
    }
}
