using Twin.Grains.Abstractions;
using static Twin.Simulator.Tests.TestCity;

namespace Twin.Simulator.Tests;

public sealed class SnowPumpBehaviourTests
{
    private static readonly string[] Lamps = ["low_water", "pump_fault", "inverter_fault", "sensor_fault", "pressure_sensor_fault"];

    private static readonly FleetSimulator City = NewCity(At(2027, 1, 1, 0)).Simulator;

    [Fact]
    public void PumpsRunWhileTheirDistrictStationReportsSnowInJanuary()
    {
        var snowing = 0;
        foreach (var district in TheCatalog.Districts.Select(d => d.Id))
        {
            var pumps = Devices(DeviceKind.SnowPump).Where(p => p.District == district).ToList();
            var station = TheCatalog.WeatherStationOf(district)!;
            foreach (var t in Every(At(2027, 1, 1, 0), At(2027, 2, 1, 0), TimeSpan.FromHours(1)))
            {
                var weather = City.Sample(station, t, 1);
                // The twin's rule (SnowPumpRules.IsSnowing): snowfall ≥ 0.5 cm/h, or precipitation ≥ 0.5 mm/h at ≤ 1 °C.
                var isSnowing = weather.Get("snowfall_cm_h") >= 0.5 || (weather.Get("precipitation_mm_h") >= 0.5 && weather.Get("air_temp_c") <= 1.0);
                if (!isSnowing)
                {
                    continue;
                }
                snowing++;
                Assert.All(pumps, p => Assert.NotEqual("stopped", City.Sample(p, t, 1).State));
            }
        }
        Assert.True(snowing > 20, $"only {snowing} snowy district-hours in January");
    }

    [Fact]
    public void RunningPumpsHoldPressureInsideTheirBand()
    {
        var readings = Devices(DeviceKind.SnowPump)
            .SelectMany(p => Every(At(2027, 1, 1, 0), At(2027, 1, 8, 0), TimeSpan.FromHours(3)).Select(t => (p, r: City.Sample(p, t, 1))))
            .Where(x => x.r.State == "running")
            .ToList();
        Assert.NotEmpty(readings);
        Assert.All(readings, x => Assert.InRange(x.r.Get("pressure_mpa")!.Value, x.p.Thresholds["min_pressure_mpa"], x.p.Thresholds["max_pressure_mpa"]));
    }

    [Fact]
    public void PumpsStayStoppedInSummer()
    {
        var states = Devices(DeviceKind.SnowPump)
            .SelectMany(p => Every(At(2027, 8, 1, 0), At(2027, 8, 8, 0), TimeSpan.FromHours(6)).Select(t => City.Sample(p, t, 1).State))
            .ToList();
        Assert.DoesNotContain("running", states);
        Assert.True(states.Count(s => s == "stopped") > states.Count * 0.95);
    }

    [Fact]
    public void FaultLampsAreRareAndClearAgain()
    {
        var pumps = Devices(DeviceKind.SnowPump).ToList();
        var times = Every(At(2027, 1, 1, 0), At(2027, 3, 1, 0), TimeSpan.FromHours(2)).ToList();
        var faulty = 0;
        var recovered = 0;
        foreach (var pump in pumps)
        {
            var lamps = times.Select(t => City.PumpFaultAt(pump, t)).ToList();
            faulty += lamps.Count(l => l is not null);
            var first = lamps.FindIndex(l => l is not null);
            if (first >= 0 && lamps.Skip(first).Any(l => l is null))
            {
                recovered++;
            }
            Assert.All(lamps.OfType<string>(), l => Assert.Contains(l, Lamps));
        }
        var share = (double)faulty / (pumps.Count * times.Count);
        Assert.InRange(share, 0.001, 0.05);
        Assert.True(recovered > 5, $"only {recovered} pumps recovered from a fault");
    }
}
