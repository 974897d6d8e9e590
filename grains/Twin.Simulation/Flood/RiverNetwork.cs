using Twin.Catalog;
using Twin.Grains.Abstractions;

namespace Twin.Simulation.Flood;

/// <summary>
/// The city's gauged rivers as a network: each gauge's local catchment runs a tank model on its district's rain; its
/// discharge is that runoff plus the discharge of the gauges upstream of it (its own river's previous gauge and any
/// river joining there), delayed by the wave's travel time; a rating curve per gauge turns discharge into level.
/// Parameters and their sources: Data/catchments.csv and Data/tank_model.csv.
/// </summary>
public sealed class RiverNetwork
{
    /// <summary>How fast a flood wave travels between gauges (assumed).</summary>
    public const double WaveCelerityMS = 2.0;

    /// <summary>Where a gauge rests after the spin-up, as a share of its 水防団待機水位 (assumed).</summary>
    public const double RestShareOfStandby = 0.45;

    private static readonly TimeSpan SpinUp = TimeSpan.FromDays(5);

    private static readonly Lazy<(IReadOnlyList<Catchment> Catchments, IReadOnlyDictionary<string, TankParameters> Tanks)> Data = new(Load);

    private readonly List<Node> _order;

    /// <summary>One gauge's catchment parameters, from Data/catchments.csv.</summary>
    public sealed record Catchment(string GaugeId, double LocalAreaKm2, string RainDistrict, string Class, string? Joins, double QDangerM3sKm2, string Source);

    private sealed class Node(DeviceInfo gauge, Catchment catchment, TankModel tank)
    {
        public DeviceInfo Gauge { get; } = gauge;
        public Catchment Catchment { get; } = catchment;
        public TankModel Tank { get; } = tank;
        public List<(Node Up, int DelayMin)> Upstream { get; } = [];
        public double AreaKm2 { get; set; }
        public double H0 { get; set; }
        public double C { get; set; }
        public List<double> Discharge { get; } = [];
    }

    /// <summary>Builds the network over the catalog's segments (gauge order upstream → downstream) and spins it up on the month's normal rain.</summary>
    public RiverNetwork(TwinCatalog catalog, int month)
    {
        var (catchments, tanks) = Data.Value;
        var byId = new Dictionary<string, Node>(StringComparer.Ordinal);
        foreach (var c in catchments)
        {
            if (!catalog.TryGetDevice(c.GaugeId, out var gauge))
            {
                throw new InvalidOperationException($"catchments.csv names '{c.GaugeId}', which is not in the catalog.");
            }
            byId[c.GaugeId] = new Node(gauge, c, new TankModel(tanks[c.Class]));
        }
        foreach (var segmentsOfRiver in catalog.Segments.GroupBy(s => s.River))
        {
            var gauges = segmentsOfRiver.SelectMany(s => s.GaugeIds).ToList();
            for (var i = 1; i < gauges.Count; i++)
            {
                Link(byId[gauges[i - 1]], byId[gauges[i]]);
            }
        }
        foreach (var node in byId.Values.Where(n => n.Catchment.Joins is not null))
        {
            Link(node, byId[node.Catchment.Joins!]);
        }
        _order = [];
        var done = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in byId.Values.OrderBy(n => n.Gauge.Id, StringComparer.Ordinal))
        {
            Visit(node, done);
        }
        foreach (var node in _order)
        {
            node.AreaKm2 = node.Catchment.LocalAreaKm2 + node.Upstream.Sum(u => u.Up.AreaKm2);
        }

        // Spin-up: five days of the month's normal rain as a steady drizzle, so that the run starts from the month's baseflow.
        var normals = MonthlyNormals.Of(month);
        var drizzle = normals.PrecipMm / DateTime.DaysInMonth(2026, month) / 24;
        foreach (var node in _order)
        {
            for (var h = 0; h < SpinUp.TotalHours; h++)
            {
                node.Tank.Step(drizzle, 1);
            }
        }
        foreach (var node in _order)
        {
            var restQ = node.Tank.Step(drizzle, 1.0 / 60) * node.Catchment.LocalAreaKm2 / 3.6 + node.Upstream.Sum(u => u.Up.Discharge[0]);
            node.Discharge.Add(restQ);
            var t = node.Gauge.Thresholds;
            var rest = RestShareOfStandby * t.GetValueOrDefault("standby_m", 1.0);
            var danger = t.GetValueOrDefault("danger_m", rest * 3);
            var dangerQ = Math.Max(node.Catchment.QDangerM3sKm2 * node.AreaKm2, restQ * 4);
            node.C = (danger - rest) / (Math.Sqrt(dangerQ) - Math.Sqrt(restQ));
            node.H0 = rest - node.C * Math.Sqrt(restQ);
        }
    }

    /// <summary>The gauges, upstream before downstream.</summary>
    public IEnumerable<DeviceInfo> Gauges => _order.Select(n => n.Gauge);

    /// <summary>The catchments with their parameters, by gauge id.</summary>
    public static IReadOnlyList<Catchment> Catchments => Data.Value.Catchments;

    /// <summary>The gauge's discharge (m³/s) at a minute already computed.</summary>
    public double DischargeM3s(string gaugeId, int minute) => _order.First(n => n.Gauge.Id == gaugeId).Discharge[minute];

    /// <summary>
    /// Runs the model over the rainfall; returns each gauge's level (m, unrounded) per minute, minute 0 being the rest
    /// state after the spin-up.
    /// </summary>
    public Dictionary<string, double[]> Levels(Rainfall rain, int minutes)
    {
        var levels = _order.ToDictionary(n => n.Gauge.Id, _ => new double[minutes], StringComparer.Ordinal);
        for (var m = 0; m < minutes; m++)
        {
            foreach (var node in _order)
            {
                double q;
                if (m == 0)
                {
                    q = node.Discharge[0];
                }
                else
                {
                    var local = node.Tank.Step(rain.At(node.Catchment.RainDistrict, m), 1.0 / 60) * node.Catchment.LocalAreaKm2 / 3.6;
                    q = local + node.Upstream.Sum(u => u.Up.Discharge[Math.Max(0, m - u.DelayMin)]);
                    node.Discharge.Add(q);
                }
                levels[node.Gauge.Id][m] = node.H0 + node.C * Math.Sqrt(Math.Max(0, q));
            }
        }
        return levels;
    }

    private static void Link(Node up, Node down)
    {
        var metres = Twin.Grains.Rules.Geo.DistanceM(up.Gauge.Position.Lat, up.Gauge.Position.Lon, down.Gauge.Position.Lat, down.Gauge.Position.Lon);
        down.Upstream.Add((up, (int)Math.Round(metres / WaveCelerityMS / 60)));
    }

    private void Visit(Node node, HashSet<string> done)
    {
        if (!done.Add(node.Gauge.Id))
        {
            return;
        }
        foreach (var (up, _) in node.Upstream)
        {
            Visit(up, done);
        }
        _order.Add(node);
    }

    private static (IReadOnlyList<Catchment>, IReadOnlyDictionary<string, TankParameters>) Load()
    {
        var assembly = typeof(RiverNetwork).Assembly;
        var catchments = EmbeddedData.CsvRecords(EmbeddedData.Text(assembly, "Twin.Simulation.Data.catchments.csv"))
            .Select(r => new Catchment(r["gauge_id"], r.Number("local_area_km2"), r["rain_district"], r["class"],
                r["joins"].Length == 0 ? null : r["joins"], r.Number("q_danger_m3s_km2"), r["source"]))
            .ToList();
        var tanks = EmbeddedData.CsvRecords(EmbeddedData.Text(assembly, "Twin.Simulation.Data.tank_model.csv"))
            .ToDictionary(r => r["class"], r => new TankParameters(r["class"],
                r.Number("t1_a1"), r.Number("t1_h1"), r.Number("t1_a2"), r.Number("t1_h2"), r.Number("t1_b"), r.Number("t1_s0"),
                r.Number("t2_a"), r.Number("t2_h"), r.Number("t2_b"), r.Number("t2_s0"),
                r.Number("t3_a"), r.Number("t3_h"), r.Number("t3_b"), r.Number("t3_s0"),
                r.Number("t4_a"), r.Number("t4_h"), r.Number("t4_s0")), StringComparer.Ordinal);
        return (catchments, tanks);
    }
}
