namespace Twin.Simulator;

/// <summary>
/// Stateless deterministic hashing (SplitMix64 finaliser over combined keys): every random choice of the
/// simulator is a hash of (seed, what, when), so a reading at any instant is computable without replaying
/// the past, and the same seed gives the same city on every runtime (System.Random's sequence is no contract).
/// </summary>
internal static class Mix
{
    public static ulong Hash(ulong a, ulong b)
    {
        var z = a ^ (b + 0x9E3779B97F4A7C15UL + (a << 6) + (a >> 2));
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public static ulong Hash(ulong a, ulong b, ulong c) => Hash(Hash(a, b), c);

    public static ulong Hash(ulong a, ulong b, ulong c, ulong d) => Hash(Hash(Hash(a, b), c), d);

    /// <summary>FNV-1a of a string, for ids.</summary>
    public static ulong Of(string text)
    {
        var h = 0xCBF29CE484222325UL;
        foreach (var ch in text)
        {
            h = (h ^ ch) * 0x100000001B3UL;
        }
        return Hash(h, 0x51_4D_55_4CUL);
    }

    /// <summary>Uniform in [0, 1) from a hash.</summary>
    public static double Unit(ulong h) => (h >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, 1) from the combined keys.</summary>
    public static double Unit(ulong a, ulong b) => Unit(Hash(a, b));

    /// <summary>Uniform in [0, 1) from the combined keys.</summary>
    public static double Unit(ulong a, ulong b, ulong c) => Unit(Hash(a, b, c));

    /// <summary>Roughly normal (sum of three uniforms, scaled to unit variance), mean 0.</summary>
    public static double Gaussish(ulong h) =>
        (Unit(h) + Unit(Hash(h, 1)) + Unit(Hash(h, 2)) - 1.5) * 2.0;
}
