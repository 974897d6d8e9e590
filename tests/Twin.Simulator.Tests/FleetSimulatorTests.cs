using Twin.Grains.Abstractions;
using static Twin.Simulator.Tests.TestCity;

namespace Twin.Simulator.Tests;

public sealed class FleetSimulatorTests
{
    [Fact]
    public void ReadingsCarryTheClocksTimeAndAPerDeviceSeq()
    {
        var (city, clock) = NewCity(At(2026, 6, 10, 9));
        var gauge = city.Senders.First(d => d.Kind == DeviceKind.RiverGauge);
        var pump = city.Senders.First(d => d.Kind == DeviceKind.SnowPump);
        var first = city.Next(gauge);
        clock.Advance(TimeSpan.FromSeconds(60));
        var second = city.Next(gauge);
        var pumps = city.Next(pump);
        Assert.Equal((1, At(2026, 6, 10, 9)), (first.Seq, first.Ts));
        Assert.Equal((2, At(2026, 6, 10, 9, 1)), (second.Seq, second.Ts));
        Assert.Equal(1, pumps.Seq);
    }

    [Fact]
    public void TheSameSeedAndClockGiveTheSameCity()
    {
        var start = At(2027, 1, 20, 7, 30);
        var (a, clockA) = NewCity(start, 11, new SimulatorOptions { Format = UplinkFormat.Mixed });
        var (b, clockB) = NewCity(start, 11, new SimulatorOptions { Format = UplinkFormat.Mixed });
        var (c, _) = NewCity(start, 12, new SimulatorOptions { Format = UplinkFormat.Mixed });
        for (var step = 0; step < 3; step++)
        {
            foreach (var device in a.Senders.Where((_, i) => i % 7 == 0))
            {
                Assert.Equal(a.NextUplink(device).Payload, b.NextUplink(device).Payload);
            }
            clockA.Advance(TimeSpan.FromMinutes(17));
            clockB.Advance(TimeSpan.FromMinutes(17));
        }
        var differs = a.Senders.Where(d => d.Kind == DeviceKind.ChildTracker).Take(100)
            .Count(d => a.Sample(d, start, 1).Values["lat"] != c.Sample(d, start, 1).Values["lat"]);
        Assert.True(differs > 90, "another seed should place homes elsewhere");
    }

    [Fact]
    public void OnlyConsentingChildrenAreRegularSenders()
    {
        var (city, _) = NewCity(At(2026, 6, 10, 9));
        Assert.All(city.Senders.Where(d => d.Kind == DeviceKind.ChildTracker), d => Assert.True(d.Consent));
        Assert.Equal(TheCatalog.Devices.Count(d => d.Kind != DeviceKind.ChildTracker || d.Consent), city.Senders.Length);
        Assert.Empty(NewCity(At(2026, 6, 10, 9), options: new SimulatorOptions { NonConsentingSenders = 0 }).Simulator.RareSenders);
    }
}
