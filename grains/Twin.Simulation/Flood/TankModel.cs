namespace Twin.Simulation.Flood;

/// <summary>One class's parameters of Sugawara's series four-tank model, per hour (see Data/tank_model.csv).</summary>
public sealed record TankParameters(
    string Class,
    double T1A1, double T1H1, double T1A2, double T1H2, double T1B, double T1S0,
    double T2A, double T2H, double T2B, double T2S0,
    double T3A, double T3H, double T3B, double T3S0,
    double T4A, double T4H, double T4S0);

/// <summary>
/// Sugawara's series four-tank model (菅原の直列4段タンクモデル) for one catchment: rain fills the top tank; each tank's side
/// outlets give runoff above their heights and its bottom outlet feeds the tank below. Plain C#, stepped explicitly.
/// </summary>
public sealed class TankModel
{
    private readonly Tank[] _tanks;
    private readonly double[] _storage;

    private sealed record Tank((double A, double H)[] Sides, double Bottom);

    public TankModel(TankParameters p)
    {
        _tanks =
        [
            new([(p.T1A1, p.T1H1), (p.T1A2, p.T1H2)], p.T1B),
            new([(p.T2A, p.T2H)], p.T2B),
            new([(p.T3A, p.T3H)], p.T3B),
            new([(p.T4A, p.T4H)], 0),
        ];
        _storage = [p.T1S0, p.T2S0, p.T3S0, p.T4S0];
    }

    /// <summary>Storage of the four tanks (mm), top first.</summary>
    public IReadOnlyList<double> Storage => _storage;

    /// <summary>Advances by <paramref name="hours"/> with rain at <paramref name="rainMmH"/>; returns the runoff (mm/h) over the step.</summary>
    public double Step(double rainMmH, double hours)
    {
        var inflowMm = rainMmH * hours;
        var runoff = 0.0;
        for (var i = 0; i < _tanks.Length; i++)
        {
            _storage[i] += inflowMm;
            var s = _storage[i];
            var side = _tanks[i].Sides.Sum(o => o.A * Math.Max(0, s - o.H));
            var down = _tanks[i].Bottom * s;
            // A tank cannot give more in a step than it holds.
            var scale = side + down > 0 ? Math.Min(1, s / hours / (side + down)) : 0;
            _storage[i] -= (side + down) * scale * hours;
            runoff += side * scale;
            inflowMm = down * scale * hours;
        }
        return runoff;
    }
}
