using static Twin.Simulator.Tests.TestCity;

namespace Twin.Simulator.Tests;

public sealed class WeatherBehaviourTests
{
    private static readonly CityWeather Weather = new(7);

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(11)]
    public void TemperaturesStayInTheMonthsNormalRange(int month)
    {
        var normal = Weather.Normals.Of(month);
        var start = At(2027, month, 1, 0);
        var samples = Every(start, start.AddMonths(1), TimeSpan.FromHours(1)).Select(t => Weather.At("toyama", t)).ToList();
        var mean = samples.Average(s => s.AirTempC);
        Assert.InRange(mean, normal.MeanTempC - 1.5, normal.MeanTempC + 1.5);
        Assert.All(samples, s => Assert.InRange(s.AirTempC, normal.MinTempC - 9, normal.MaxTempC + 7));
        // The daily cycle: afternoons warmer than dawns, on average by most of the normal range.
        var afternoons = samples.Where((_, i) => i % 24 == 14).Average(s => s.AirTempC);
        var dawns = samples.Where((_, i) => i % 24 == 4).Average(s => s.AirTempC);
        Assert.InRange(afternoons - dawns, (normal.MaxTempC - normal.MinTempC) * 0.5, (normal.MaxTempC - normal.MinTempC) * 1.2);
    }

    [Fact]
    public void MountainDistrictsAreColderThanTheCity()
    {
        var start = At(2027, 1, 1, 0);
        var times = Every(start, start.AddDays(31), TimeSpan.FromHours(1)).ToList();
        Assert.True(times.Average(t => Weather.At("hosoiri", t).AirTempC) < times.Average(t => Weather.At("toyama", t).AirTempC) - 1);
    }

    [Fact]
    public void AYearsPrecipitationIsNearTheNormalAndComesInEpisodes()
    {
        var start = At(2027, 1, 1, 0);
        var hours = Every(start, start.AddYears(1), TimeSpan.FromHours(1)).Select(t => Weather.PrecipitationMmH("toyama", t)).ToList();
        var normal = Weather.Normals.Months.Sum(m => m.PrecipMm);
        Assert.InRange(hours.Sum(), normal * 0.5, normal * 1.6);
        var wetHours = hours.Count(h => h > 0.1);
        Assert.InRange(wetHours, 300, 3000); // it rains in spells, not a drizzle all year
        Assert.Contains(hours, h => h > 15);  // and now and then it pours
    }

    [Fact]
    public void SnowFallsOnlyWhenItIsColdAndOnlyInWinter()
    {
        var start = At(2027, 1, 1, 0);
        var samples = Every(start, start.AddYears(1), TimeSpan.FromHours(1)).Select(t => (t, Weather.At("toyama", t))).ToList();
        Assert.All(samples.Where(s => s.Item2.SnowfallCmH > 0), s =>
        {
            Assert.True(s.Item2.AirTempC <= 2.0, $"snow at {s.Item2.AirTempC} °C");
            Assert.Contains(s.t.Month, new[] { 11, 12, 1, 2, 3, 4 });
        });
        Assert.True(samples.Count(s => s.t.Month == 1 && s.Item2.SnowfallCmH >= 0.5) >= 10, "January brings snow");
    }

    [Fact]
    public void HumidityIsAPercentageAndRisesInRain()
    {
        var start = At(2027, 6, 1, 0);
        var samples = Every(start, start.AddMonths(2), TimeSpan.FromHours(1)).Select(t => Weather.At("toyama", t)).ToList();
        Assert.All(samples, s => Assert.InRange(s.HumidityPct, 25, 100));
        Assert.True(samples.Where(s => s.PrecipitationMmH > 2).Average(s => s.HumidityPct) > samples.Where(s => s.PrecipitationMmH == 0).Average(s => s.HumidityPct) + 5);
    }
}
