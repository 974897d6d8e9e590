using Twin.Grains.Abstractions;
using static Twin.Simulator.Tests.TestCity;

namespace Twin.Simulator.Tests;

public sealed class BridgeAndEnvBehaviourTests
{
    private static readonly FleetSimulator City = NewCity(At(2027, 1, 1, 0)).Simulator;

    private static DeviceInfo Device(string id) => TheCatalog.TryGetDevice(id, out var d) ? d : throw new KeyNotFoundException(id);

    [Fact]
    public void JointsCloseOnWarmAfternoonsAndOpenOnColdNights()
    {
        var joints = Devices(DeviceKind.BridgeJoint).ToList();
        var days = Every(At(2027, 7, 1, 0), At(2027, 7, 15, 0), TimeSpan.FromDays(1)).ToList();
        var narrower = 0;
        foreach (var joint in joints)
        {
            foreach (var day in days)
            {
                var dawn = City.Sample(joint, day.AddHours(6), 1).Get("gap_mm")!.Value;
                var afternoon = City.Sample(joint, day.AddHours(15), 1).Get("gap_mm")!.Value;
                narrower += afternoon < dawn ? 1 : 0;
            }
        }
        Assert.True(narrower > joints.Count * days.Count * 0.9, $"{narrower} of {joints.Count * days.Count} afternoons narrower");
        // Winter gaps are wider than summer ones: the girders shrink in the cold.
        var winter = joints.Average(j => City.Sample(j, At(2027, 1, 20, 6), 1).Get("gap_mm")!.Value);
        var summer = joints.Average(j => City.Sample(j, At(2027, 8, 5, 15), 1).Get("gap_mm")!.Value);
        Assert.True(winter > summer + 10, $"winter {winter} mm vs summer {summer} mm");
    }

    [Fact]
    public void GapsAndShocksPassTheirLimitsOnlyRarely()
    {
        var times = Every(At(2027, 1, 1, 0), At(2028, 1, 1, 0), TimeSpan.FromMinutes(30)).ToList();
        var joints = Devices(DeviceKind.BridgeJoint).ToList();
        long over = 0, total = 0;
        foreach (var joint in joints)
        {
            foreach (var t in times)
            {
                var r = City.Sample(joint, t, 1);
                var gap = r.Get("gap_mm")!.Value;
                Assert.True(gap >= joint.Thresholds["gap_min_mm"], $"{joint.Id} gap {gap} below minimum");
                total++;
                if (gap > joint.Thresholds["gap_max_mm"] || r.Get("accel_g") > joint.Thresholds["accel_max_g"])
                {
                    over++;
                }
            }
        }
        Assert.InRange((double)over / total, 0, 0.0005);
    }

    [Fact]
    public void WeatherStationsReportTheirDistrictsWeather()
    {
        var t = At(2027, 1, 15, 6);
        foreach (var district in TheCatalog.Districts)
        {
            var r = City.Sample(TheCatalog.WeatherStationOf(district.Id)!, t, 1);
            var w = City.Weather.At(district.Id, t);
            Assert.Equal(w.AirTempC, r.Get("air_temp_c"));
            Assert.Equal(w.PrecipitationMmH, r.Get("precipitation_mm_h"));
            Assert.Equal(w.SnowfallCmH, r.Get("snowfall_cm_h"));
            Assert.Equal(w.HumidityPct, r.Get("humidity_pct"));
        }
    }

    [Fact]
    public void PaddiesAreFloodedInSummerAndDryInWinter()
    {
        var paddies = TheCatalog.Devices.Where(d => d.Group == "paddy").ToList();
        Assert.NotEmpty(paddies);
        Assert.All(paddies, p =>
        {
            Assert.InRange(City.Sample(p, At(2027, 6, 10, 12), 1).Get("water_level_cm")!.Value, 2, 12);
            Assert.InRange(City.Sample(p, At(2027, 12, 10, 12), 1).Get("water_level_cm")!.Value, 0, 2.5);
            Assert.InRange(City.Sample(p, At(2027, 6, 10, 12), 1).Get("water_temp_c")!.Value, 10, 40);
        });
    }

    [Fact]
    public void BuoysFollowTheBaysSeasonAndSalinity()
    {
        var buoys = TheCatalog.Devices.Where(d => d.Group == "buoy").ToList();
        Assert.NotEmpty(buoys);
        Assert.All(buoys, b =>
        {
            var february = City.Sample(b, At(2027, 2, 15, 12), 1);
            var august = City.Sample(b, At(2027, 8, 15, 12), 1);
            Assert.InRange(february.Get("water_temp_c")!.Value, 9, 13);
            Assert.InRange(august.Get("water_temp_c")!.Value, 24, 28);
            Assert.InRange(february.Get("salinity_psu")!.Value, 30, 34.5);
        });
    }

    [Fact]
    public void StationCountersPeakInTheRushHoursOnWeekdays()
    {
        var counter = Device("env-people-toyama-st-1");
        double Total(DateTimeOffset t) => City.Sample(counter, t, 1).Get("people_in")!.Value + City.Sample(counter, t, 1).Get("people_out")!.Value;
        // 2027-06-09 is a Wednesday, 2027-06-13 a Sunday.
        Assert.True(Total(At(2027, 6, 9, 7, 55)) > 2.5 * Total(At(2027, 6, 9, 10, 30)));
        Assert.True(Total(At(2027, 6, 9, 18, 0)) > 2 * Total(At(2027, 6, 9, 21, 0)));
        Assert.Equal(0, Total(At(2027, 6, 9, 3, 0)));
        Assert.True(Total(At(2027, 6, 13, 7, 55)) < Total(At(2027, 6, 9, 7, 55)) / 2);
    }
}
