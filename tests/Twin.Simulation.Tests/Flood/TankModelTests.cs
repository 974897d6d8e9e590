using Twin.Simulation.Flood;

namespace Twin.Simulation.Tests.Flood;

public sealed class TankModelTests
{
    private static readonly TankParameters Urban = new("urban", 0.25, 5, 0.3, 25, 0.05, 0, 0.05, 5, 0.02, 5, 0.01, 0, 0.005, 20, 0.001, 0, 100);

    [Fact]
    public void Rain_in_equals_runoff_out_plus_the_water_still_stored()
    {
        var tank = new TankModel(Urban);
        var before = tank.Storage.Sum();
        var rain = 0.0;
        var runoff = 0.0;
        for (var m = 0; m < 600; m++)
        {
            var r = m < 60 ? 50 : 0;
            rain += r / 60.0;
            runoff += tank.Step(r, 1.0 / 60) / 60.0;
        }

        Assert.Equal(before + rain, runoff + tank.Storage.Sum(), 6);
    }

    [Fact]
    public void A_downpour_makes_more_runoff_than_a_drizzle_and_runoff_peaks_after_the_rain_begins()
    {
        var heavy = new TankModel(Urban);
        var light = new TankModel(Urban);

        var heavyPeak = Enumerable.Range(0, 120).Max(_ => heavy.Step(50, 1.0 / 60));
        var lightPeak = Enumerable.Range(0, 120).Max(_ => light.Step(2, 1.0 / 60));

        Assert.True(heavyPeak > 5 * lightPeak, $"{heavyPeak} vs {lightPeak}");
    }
}
