using Twin.Grains.Abstractions;
using static Twin.Simulator.Tests.TestCity;

namespace Twin.Simulator.Tests;

public sealed class FleetScheduleTests
{
    private static List<(DateTimeOffset Due, DeviceInfo Device)> Walk(FleetSchedule schedule, DateTimeOffset until)
    {
        var taken = new List<(DateTimeOffset, DeviceInfo)>();
        while (schedule.NextDue < until && schedule.TryTake(schedule.NextDue, out var device, out var due))
        {
            taken.Add((due, device));
        }
        return taken;
    }

    [Fact]
    public void DemoCadenceReachesEveryConsentingDeviceOnceWithinAMinuteSpreadEvenly()
    {
        var start = At(2026, 6, 10, 9);
        var (city, _) = NewCity(start);
        var minute = Walk(new FleetSchedule(city, start), start.AddSeconds(60));

        Assert.Equal(city.Senders.Select(d => d.Id).Order(), minute.Where(x => !city.IsRare(x.Device)).Select(x => x.Device.Id).Order());
        Assert.All(minute, x => Assert.False(x.Device.Kind == DeviceKind.ChildTracker && !x.Device.Consent && !city.IsRare(x.Device)));
        // ~40 messages a second, every second: a steady stream, not a burst a minute.
        var perSecond = minute.GroupBy(x => (int)(x.Due - start).TotalSeconds).Select(g => g.Count()).ToList();
        Assert.Equal(60, perSecond.Count);
        var mean = city.Senders.Length / 60.0;
        Assert.All(perSecond, n => Assert.InRange(n, mean - 3, mean + 3));
    }

    [Fact]
    public void NonConsentingSendersReportRarely()
    {
        var start = At(2026, 6, 10, 9);
        var (city, _) = NewCity(start);
        Assert.Equal(2, city.RareSenders.Length);
        Assert.All(city.RareSenders, d => Assert.False(d.Consent));
        var tenMinutes = Walk(new FleetSchedule(city, start), start.AddMinutes(10));
        Assert.All(city.RareSenders, d => Assert.Single(tenMinutes, x => x.Device.Id == d.Id));
        Assert.All(city.Senders.Take(20), d => Assert.Equal(10, tenMinutes.Count(x => x.Device.Id == d.Id)));
    }

    [Fact]
    public void RealCadenceFollowsEachProfilesInterval()
    {
        var start = At(2026, 6, 10, 9);
        var (city, _) = NewCity(start, options: new SimulatorOptions { Cadence = Cadence.Real, NonConsentingSenders = 0 });
        var hour = Walk(new FleetSchedule(city, start), start.AddHours(1));
        Assert.All(city.Senders, d => Assert.Equal(3600 / d.Profile.ExpectedIntervalS, hour.Count(x => x.Device.Id == d.Id)));
        Assert.All(hour.GroupBy(x => x.Device.Id), g =>
        {
            var dues = g.Select(x => x.Due).ToList();
            Assert.All(dues.Zip(dues.Skip(1)), p => Assert.Equal(TimeSpan.FromSeconds(g.First().Device.Profile.ExpectedIntervalS), p.Second - p.First));
        });
    }

    [Fact]
    public void FixedRateProducesTheAskedRateRoundRobin()
    {
        var start = At(2026, 6, 10, 9);
        var (city, _) = NewCity(start, options: new SimulatorOptions { Cadence = Cadence.Fixed, Rate = 5000 });
        var tenSeconds = Walk(new FleetSchedule(city, start), start.AddSeconds(10));
        Assert.Equal(50_000, tenSeconds.Count);
        Assert.All(tenSeconds.GroupBy(x => (int)(x.Due - start).TotalSeconds), g => Assert.Equal(5000, g.Count()));
        var perDevice = tenSeconds.GroupBy(x => x.Device.Id).Select(g => g.Count()).ToList();
        Assert.Equal(city.Senders.Length, perDevice.Count);
        Assert.True(perDevice.Max() - perDevice.Min() <= 1);
    }

    [Fact]
    public void FixedRateOverASyntheticCatalogCoversTheSyntheticDevices()
    {
        var start = At(2026, 6, 10, 9);
        var catalog = Twin.Catalog.TwinCatalog.Load(10_000);
        var city = new FleetSimulator(catalog, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(start), 1,
            new SimulatorOptions { Cadence = Cadence.Fixed, Rate = 20_000 });
        var second = Walk(new FleetSchedule(city, start), start.AddSeconds(1));
        Assert.Equal(20_000, second.Count);
        Assert.True(second.Count(x => x.Device.Id.StartsWith("syn-", StringComparison.Ordinal)) > 9_000);
        Assert.All(second.Take(2000), x => Assert.NotNull(city.NextUplink(x.Device).Payload));
    }

    [Fact]
    public void ALaggingRunnerRejoinsTheDemoCadenceInsteadOfBursting()
    {
        var start = At(2026, 6, 10, 9);
        var (city, _) = NewCity(start);
        var schedule = new FleetSchedule(city, start);
        var late = start.AddMinutes(10);
        var burst = 0;
        while (schedule.TryTake(late, out _, out _))
        {
            burst++;
        }
        // Each device catches up once, not ten times.
        Assert.InRange(burst, city.Senders.Length, city.Senders.Length + 2 * city.RareSenders.Length);
    }
}
