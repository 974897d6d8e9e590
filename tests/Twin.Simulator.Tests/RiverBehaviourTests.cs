using Twin.Grains.Abstractions;
using static Twin.Simulator.Tests.TestCity;

namespace Twin.Simulator.Tests;

public sealed class RiverBehaviourTests
{
    private static readonly FleetSimulator City = NewCity(At(2027, 1, 1, 0)).Simulator;

    private static double Level(DeviceInfo gauge, DateTimeOffset t) => City.Sample(gauge, t, 1).Get("level_m")!.Value;

    private static DeviceInfo Gauge(string id) => TheCatalog.TryGetDevice(id, out var d) ? d : throw new KeyNotFoundException(id);

    [Fact]
    public void LevelsStayBelowDangerAndMostlyBelowStandbyOverAYear()
    {
        var times = Every(At(2027, 1, 1, 0), At(2028, 1, 1, 0), TimeSpan.FromHours(3)).ToList();
        var aboveStandby = 0;
        var total = 0;
        var aboveCaution = 0;
        foreach (var gauge in Devices(DeviceKind.RiverGauge))
        {
            var t = gauge.Thresholds;
            foreach (var time in times)
            {
                var level = Level(gauge, time);
                Assert.InRange(level, 0.01, t["danger_m"]);
                total++;
                aboveStandby += level >= t["standby_m"] ? 1 : 0;
                aboveCaution += level >= t["caution_m"] ? 1 : 0;
            }
        }
        Assert.InRange((double)aboveStandby / total, 0.001, 0.08); // mostly below standby, yet it happens
        Assert.True(aboveCaution > 0, "a year without a single caution crossing anywhere");
    }

    [Fact]
    public void RiversRiseDuringAHeavyRainEpisodeAndFallAfterIt()
    {
        var top = Gauge("rg-jinzu-01");
        var times = Every(At(2027, 1, 1, 0), At(2028, 1, 1, 0), TimeSpan.FromHours(1)).ToList();
        var wettest = times.MaxBy(t => City.Weather.PrecipitationMmH(top.District, t));
        Assert.True(City.Weather.PrecipitationMmH(top.District, wettest) > 15);
        var before = Level(top, wettest.AddHours(-6));
        var peak = Every(wettest, wettest.AddHours(8), TimeSpan.FromMinutes(10)).Max(t => Level(top, t));
        var after = Level(top, wettest.AddDays(3));
        Assert.True(peak > before + 0.5, $"peak {peak} vs {before} before the rain");
        Assert.True(after < peak - 0.5, $"{after} three days later vs peak {peak}");
    }

    [Fact]
    public void AFloodWaveReachesDownstreamGaugesLater()
    {
        var top = Gauge("rg-jinzu-01");
        var mouth = Gauge("rg-jinzu-10");
        var times = Every(At(2027, 1, 1, 0), At(2028, 1, 1, 0), TimeSpan.FromHours(1)).ToList();
        var wettest = times.MaxBy(t => City.Weather.PrecipitationMmH(top.District, t));
        var window = Every(wettest.AddHours(-3), wettest.AddHours(12), TimeSpan.FromMinutes(10)).ToList();
        var topPeak = window.MaxBy(t => City.FloodIndex(top, t));
        var mouthPeak = window.MaxBy(t => City.FloodIndex(mouth, t));
        Assert.InRange(mouthPeak - topPeak, TimeSpan.FromHours(1.5), TimeSpan.FromHours(4));
    }
}
