using Twin.Catalog;
using Twin.Grains.Abstractions;

namespace Twin.Simulator;

/// <summary>
/// Rivers as rain → flood index → level: each gauge's catchment is the districts of its river's gauges
/// upstream of it (inclusive); a flood wave is the catchment's recent rain through a unit hydrograph (a
/// gamma-like kernel peaking ~1.5 h after the rain on the big rivers, ~30 min on the city's small ones), plus
/// a slow baseflow of the last three days; it reaches each gauge 15 minutes after the one upstream of it.
/// Levels sit between the gauge's own thresholds: at rest ~40–55 % of standby, a flood index of 1 (a
/// downpour of hours) reaches caution, and the level saturates towards danger, never past it.
/// </summary>
internal sealed class RiverModel
{
    private const double StepH = 1.0 / 6; // 10 minutes
    private const int KernelSteps = 36;   // 6 hours
    private const double TravelH = 0.25;  // per gauge downstream

    private readonly CityWeather _weather;
    private readonly Dictionary<string, Route> _routes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Route> _districtRoutes = new(StringComparer.Ordinal);
    private readonly Dictionary<(int Route, long Minute), double> _cache = [];
    private readonly Lock _cacheLock = new();
    private int _routeCount;

    private sealed record Route(int Id, string[] Catchment, double DelayH, double[] Kernel, int Index);

    public RiverModel(TwinCatalog catalog, CityWeather weather)
    {
        _weather = weather;
        foreach (var river in catalog.Segments.GroupBy(s => s.River))
        {
            // Segments of one river come upstream → downstream in the catalog, as do the gauges inside each.
            var gauges = river.SelectMany(s => s.GaugeIds).ToList();
            for (var i = 0; i < gauges.Count; i++)
            {
                var catchment = gauges.Take(i + 1)
                    .Select(id => catalog.TryGetDevice(id, out var d) ? d.District : null)
                    .OfType<string>()
                    .Distinct(StringComparer.Ordinal)
                    .ToArray();
                var small = catalog.TryGetDevice(gauges[i], out var device) && device.Thresholds.GetValueOrDefault("standby_m", 1) < 1.2;
                _routes[gauges[i]] = new Route(_routeCount++, catchment, i * TravelH, Kernel(small ? 3 : 9), i);
            }
        }
    }

    /// <summary>The gauge's place on its river: 0 at the top, counting downstream.</summary>
    public int IndexOf(DeviceInfo gauge) => RouteOf(gauge).Index;

    /// <summary>The flood index at the gauge: 0 when dry, ~0.4 at standby, 1 near caution.</summary>
    public double FloodIndex(DeviceInfo gauge, DateTimeOffset at) => FloodIndex(RouteOf(gauge), at);

    /// <summary>The gauge's level (m), unrounded.</summary>
    public double LevelM(DeviceInfo gauge, ulong gaugeKey, DateTimeOffset at)
    {
        var t = gauge.Thresholds;
        var standby = t.GetValueOrDefault("standby_m", 1.0);
        var caution = t.GetValueOrDefault("caution_m", standby * 1.5);
        var danger = t.GetValueOrDefault("danger_m", caution * 1.4);
        var jst = at.ToOffset(CityWeather.Jst);
        // Snowmelt from the Tateyama range swells the rivers in April and May.
        var melt = 1 + 0.2 * Math.Exp(-Math.Pow((jst.DayOfYear - 115) / 25.0, 2));
        var rest = standby * (0.38 + 0.17 * Mix.Unit(gaugeKey, 0x42415345)) * melt;
        var k = -Math.Log(1 - (caution - rest) / (danger - rest));
        var f = FloodIndex(gauge, at);
        return rest + (danger - rest) * (1 - Math.Exp(-k * f));
    }

    private Route RouteOf(DeviceInfo gauge)
    {
        if (_routes.TryGetValue(gauge.Id, out var route))
        {
            return route;
        }
        // Gauges on no catalog river (synthetic ones) share their district's own small catchment.
        lock (_districtRoutes)
        {
            if (!_districtRoutes.TryGetValue(gauge.District, out route))
            {
                route = new Route(Interlocked.Increment(ref _routeCount), [gauge.District], 0, Kernel(9), 0);
                _districtRoutes[gauge.District] = route;
            }
        }
        return route;
    }

    private double FloodIndex(Route route, DateTimeOffset at)
    {
        // Many gauges share a route and a minute (synthetic fleets): compute each once.
        var minute = at.ToUnixTimeSeconds() / 60;
        lock (_cacheLock)
        {
            if (_cache.TryGetValue((route.Id, minute), out var cached))
            {
                return cached;
            }
        }
        var hours = CityWeather.Hours(at) - route.DelayH;
        var fast = 0.0;
        for (var k = 0; k < KernelSteps; k++)
        {
            fast += route.Kernel[k] * CatchmentRain(route, hours - k * StepH);
        }
        var slow = 0.0;
        for (var j = 0; j < 36; j++)
        {
            slow += CatchmentRain(route, hours - 2 * j) / 36;
        }
        var index = fast / 20 + slow / 12;
        lock (_cacheLock)
        {
            if (_cache.Count > 100_000)
            {
                _cache.Clear();
            }
            _cache[(route.Id, minute)] = index;
        }
        return index;
    }

    private double CatchmentRain(Route route, double hours)
    {
        var at = DateTimeOffset.UnixEpoch.AddHours(hours);
        var sum = 0.0;
        foreach (var district in route.Catchment)
        {
            sum += _weather.PrecipitationMmH(district, at);
        }
        return sum / route.Catchment.Length;
    }

    /// <summary>A unit hydrograph over 6 h of 10-minute steps, peaking at <paramref name="peakStep"/>, summing to 1.</summary>
    private static double[] Kernel(int peakStep)
    {
        var kernel = new double[KernelSteps];
        for (var k = 0; k < KernelSteps; k++)
        {
            var x = (k + 1.0) / peakStep;
            kernel[k] = x * Math.Exp(1 - x);
        }
        var total = kernel.Sum();
        for (var k = 0; k < KernelSteps; k++)
        {
            kernel[k] /= total;
        }
        return kernel;
    }
}
