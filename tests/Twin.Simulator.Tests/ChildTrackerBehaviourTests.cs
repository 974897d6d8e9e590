using Twin.Grains.Abstractions;
using static Twin.Simulator.Tests.TestCity;

namespace Twin.Simulator.Tests;

public sealed class ChildTrackerBehaviourTests
{
    private static readonly (FleetSimulator Simulator, Microsoft.Extensions.Time.Testing.FakeTimeProvider Clock) City = NewCity(At(2026, 6, 10, 0));

    private static IEnumerable<(DeviceInfo Child, Reading Reading)> Children(DateTimeOffset at) =>
        Devices(DeviceKind.ChildTracker).Where(c => c.Consent).Select(c => (c, City.Simulator.Sample(c, at, 1)));

    [Fact]
    public void HomesAreAFixedPointThreeHundredToFifteenHundredMetresFromSchool()
    {
        var again = NewCity(At(2026, 1, 1, 0)).Simulator;
        Assert.All(Devices(DeviceKind.ChildTracker), c =>
        {
            var home = City.Simulator.HomeOf(c);
            var distance = DistanceM(City.Simulator.SchoolOf(c), home);
            Assert.InRange(distance, 299, 1501);
            Assert.Equal(home, again.HomeOf(c));
        });
        Assert.True(Devices(DeviceKind.ChildTracker).Select(c => City.Simulator.HomeOf(c)).Distinct().Count() > 1500);
    }

    [Fact]
    public void EveryChildIsAtSchoolAtTenOnAWeekday()
    {
        // 2026-06-10 is a Wednesday.
        Assert.All(Children(At(2026, 6, 10, 10)), x => Assert.InRange(DistanceM(City.Simulator.SchoolOf(x.Child), x.Reading), 0, 100));
    }

    [Fact]
    public void EveryChildIsAtSchoolFromQuarterPastEightUntilHalfPastTwo()
    {
        Assert.All(Children(At(2026, 6, 10, 8, 15)), x => Assert.InRange(DistanceM(City.Simulator.SchoolOf(x.Child), x.Reading), 0, 100));
        Assert.All(Children(At(2026, 6, 10, 14, 29)), x => Assert.InRange(DistanceM(City.Simulator.SchoolOf(x.Child), x.Reading), 0, 100));
    }

    [Fact]
    public void AtHalfPastSevenMostChildrenAreStillAtHomeOrWalking()
    {
        var readings = Children(At(2026, 6, 10, 7, 30)).ToList();
        var away = readings.Count(x => DistanceM(City.Simulator.SchoolOf(x.Child), x.Reading) > 200);
        var walking = readings.Count(x =>
            DistanceM(City.Simulator.SchoolOf(x.Child), x.Reading) > 100 && DistanceM(City.Simulator.HomeOf(x.Child), x.Reading) > 50);
        Assert.True(away > readings.Count / 2, $"{away} of {readings.Count} away from school");
        Assert.True(walking > readings.Count / 10, $"{walking} of {readings.Count} on the way");
    }

    [Theory]
    [InlineData(6, 10, 6, 30)]  // weekday, before leaving
    [InlineData(6, 10, 17, 0)]  // weekday, everyone home by five
    [InlineData(6, 10, 22, 0)]  // night
    [InlineData(6, 13, 11, 0)]  // Saturday
    public void ChildrenAreAtHomeOutsideTheSchoolDay(int month, int day, int hour, int minute)
    {
        Assert.All(Children(At(2026, month, day, hour, minute)), x =>
        {
            Assert.InRange(DistanceM(City.Simulator.HomeOf(x.Child), x.Reading), 0, 30);
            Assert.True(DistanceM(City.Simulator.SchoolOf(x.Child), x.Reading) > 250);
        });
    }

    [Fact]
    public void BatteriesAreFullInTheMorningAndDrainDuringTheDay()
    {
        var morning = Children(At(2026, 6, 10, 6, 0)).Select(x => x.Reading.Get("battery_pct")!.Value).ToList();
        var evening = Children(At(2026, 6, 10, 18, 30)).Select(x => x.Reading.Get("battery_pct")!.Value).ToList();
        Assert.True(morning.Count(b => b == 100) > morning.Count * 0.9);
        Assert.All(evening, b => Assert.InRange(b, 3, 60));
        Assert.Contains(evening, b => b < 15); // a forgotten charger shows as a low battery now and then
    }
}
