using System.Diagnostics.Metrics;
using Twin.Grains.Abstractions;
using Twin.Grains.Aggregates;

namespace Twin.Silo.Api;

/// <summary>
/// The city's live state as Prometheus gauges on the meter <c>Twin.State</c> (exported as <c>twin_state_*</c>):
/// devices by district, kind and status, silent devices, pump availability, children out and about (a count, from five up),
/// and each district's worst status as its rank on the ladder. Read from the city grain every 15 seconds, so a
/// scrape never calls a grain. Every silo exports the same city-wide figures: aggregate across silos with
/// <c>max</c>, not <c>sum</c> (the dashboards do).
/// </summary>
public sealed class TwinStateMetrics : BackgroundService
{
    /// <summary>How often the city is read.</summary>
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(15);

    private readonly IGrainFactory _grains;
    private readonly TimeProvider _clock;
    private readonly ILogger<TwinStateMetrics> _logger;
    private readonly Meter _meter = new("Twin.State");
    private volatile Read? _last;

    public TwinStateMetrics(IGrainFactory grains, TimeProvider clock, ILogger<TwinStateMetrics> logger)
    {
        _grains = grains;
        _clock = clock;
        _logger = logger;
        _meter.CreateObservableGauge("devices", Devices, "{device}", "Devices by district, kind and status");
        _meter.CreateObservableGauge("devices.silent", Silent, "{device}", "Devices past their expected interval, by district");
        _meter.CreateObservableGauge("pumps", Pumps, "{pump}", "Snow pumps by district and state (running, available, fault, low-water, silent, total)");
        _meter.CreateObservableGauge("children.out", ChildrenOut, "{child}", "Children out and about, by district (a count only; NaN under five)");
        _meter.CreateObservableGauge("district.status", DistrictStatus, null,
            "Worst status of each district as its rank: 0 unknown, 1 normal, 2 advisory, 3 warning, 4 alarm, 5 critical");
        _meter.CreateObservableGauge("read.age", ReadAge, "s", "Seconds since these figures were read from the city grain");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every);
        do
        {
            try
            {
                var city = await _grains.GetGrain<ICityGrain>(GrainKeys.City).GetAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10), stoppingToken);
                _last = new Read(city, _clock.GetUtcNow());
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // The figures keep their last values; read.age tells how old they are.
                StateMetricsLog.ReadFailed(_logger, Every, ex);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    public override void Dispose()
    {
        _meter.Dispose();
        base.Dispose();
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static KeyValuePair<string, object?> Tag(string name, object? value) => new(name, value);

    private IEnumerable<Measurement<int>> Devices()
    {
        foreach (var d in _last?.City.Districts ?? [])
        {
            foreach (var (kind, byStatus) in d.Counts.ByKind)
            {
                foreach (var (status, count) in byStatus)
                {
                    // Children are counted from five up, as everywhere they leave the twin.
                    if (kind != ChildKind || count >= DistrictGrain.MinChildrenPerCell)
                    {
                        yield return new Measurement<int>(count, Tag("district", d.Id), Tag("kind", kind), Tag("status", status));
                    }
                }
            }
        }
    }

    private IEnumerable<Measurement<int>> Silent() =>
        (_last?.City.Districts ?? []).Select(d => new Measurement<int>(d.Counts.Silent, Tag("district", d.Id)));

    private IEnumerable<Measurement<int>> Pumps()
    {
        foreach (var d in _last?.City.Districts ?? [])
        {
            var p = d.Pumps;
            foreach (var (state, count) in new[] { ("running", p.Running), ("available", p.Available), ("fault", p.Faults), ("low-water", p.LowWater), ("silent", p.Silent), ("total", p.Total) })
            {
                yield return new Measurement<int>(count, Tag("district", d.Id), Tag("state", state));
            }
        }
    }

    /// <summary>Under five a count of children is not a number (Prometheus' NaN, the REST API's null): the series stays, the value says nothing.</summary>
    private IEnumerable<Measurement<double>> ChildrenOut() =>
        (_last?.City.Districts ?? []).Select(d => new Measurement<double>(
            d.Children.Out >= DistrictGrain.MinChildrenPerCell ? d.Children.Out : double.NaN, Tag("district", d.Id)));

    private static readonly string ChildKind = DeviceKind.ChildTracker.ToWire();

    private IEnumerable<Measurement<int>> DistrictStatus() =>
        (_last?.City.Districts ?? []).Select(d => new Measurement<int>((int)d.Status, Tag("district", d.Id)));

    private IEnumerable<Measurement<double>> ReadAge()
    {
        if (_last is { } last)
        {
            yield return new Measurement<double>(Math.Max(0, (_clock.GetUtcNow() - last.At).TotalSeconds));
        }
    }

    private sealed record Read(CitySnapshot City, DateTimeOffset At);
}
