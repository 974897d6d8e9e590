using System.Collections.Immutable;
using Twin.Grains.Abstractions;

namespace Twin.Codecs.Tests;

/// <summary>The test vectors of docs/codecs.md: each hex frame decodes to exactly these values.</summary>
public sealed class CodecVectorTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    [Fact]
    public void TheSampleRiverGaugeFrameIsOneFortyTwoMetresAtThreeSixOneVolts()
    {
        // The Things Stack sample in shared/samples: frm_payload "AI4BaQ==".
        Assert.True(TwinCodec.TryDecode(DeviceKind.RiverGauge, Convert.FromBase64String("AI4BaQ=="), out var v, out _, out var error), error);
        Assert.Equal(1.42, v["level_m"]);
        Assert.Equal(3.61, v["battery_v"]);
    }

    [Theory]
    [InlineData(DeviceKind.RiverGauge, "0000", "level_m=0")]
    [InlineData(DeviceKind.RiverGauge, "01F4 FFFF", "level_m=5")]
    [InlineData(DeviceKind.SnowPump, "00 012C 0168", "state=running;pressure_mpa=0.3;battery_v=3.6")]
    [InlineData(DeviceKind.SnowPump, "03 FFFF", "state=pump_fault")]
    [InlineData(DeviceKind.SnowPump, "06", "state=pressure_sensor_fault")]
    [InlineData(DeviceKind.BridgeJoint, "0190 00C8", "gap_mm=40;accel_g=0.2")]
    [InlineData(DeviceKind.BridgeJoint, "FFF6 7FFF 0154", "gap_mm=-1;battery_v=3.4")]
    [InlineData(DeviceKind.ChildTracker, "022FEBD8 082DB8F8 50", "lat=36.695;lon=137.2142;battery_pct=80")]
    public void FramesDecodeToTheirDocumentedValues(DeviceKind kind, string hex, string expected)
    {
        Assert.True(TwinCodec.TryDecode(kind, Hex(hex), out var values, out var state, out var error), error);
        var actual = new List<string>();
        if (state is not null)
        {
            actual.Add("state=" + state);
        }
        actual.AddRange(values.Select(kv => $"{kv.Key}={kv.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}"));
        Assert.Equal(expected.Split(';').Order(), actual.Order());
    }

    [Theory]
    [InlineData(DeviceKind.RiverGauge, "00")]
    [InlineData(DeviceKind.SnowPump, "07")]
    [InlineData(DeviceKind.BridgeJoint, "019000")]
    [InlineData(DeviceKind.ChildTracker, "0102")]
    [InlineData(DeviceKind.EnvSensor, "0167008F")]
    public void MalformedFramesAreRefusedWithAReason(DeviceKind kind, string hex)
    {
        Assert.False(TwinCodec.TryDecode(kind, Hex(hex), out _, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void EncodingRoundTripsEveryKind()
    {
        var ts = DateTimeOffset.UnixEpoch;
        var cases = new (DeviceKind Kind, Reading Reading)[]
        {
            (DeviceKind.RiverGauge, new(ts, 1, ImmutableDictionary<string, double>.Empty.Add("level_m", 2.37).Add("battery_v", 3.55))),
            (DeviceKind.SnowPump, new(ts, 1, ImmutableDictionary<string, double>.Empty.Add("pressure_mpa", 0.412), "low_water")),
            (DeviceKind.BridgeJoint, new(ts, 1, ImmutableDictionary<string, double>.Empty.Add("gap_mm", 42.5).Add("accel_g", -0.031))),
            (DeviceKind.ChildTracker, new(ts, 1, ImmutableDictionary<string, double>.Empty.Add("lat", 36.701234).Add("lon", 137.213456).Add("battery_pct", 64))),
        };
        foreach (var (kind, reading) in cases)
        {
            Assert.True(TwinCodec.TryDecode(kind, TwinCodec.Encode(kind, reading), out var values, out var state, out var error), error);
            Assert.Equal(reading.State, state);
            Assert.Equal(reading.Values.OrderBy(k => k.Key), values.OrderBy(k => k.Key));
        }
    }

    [Fact]
    public void TheSampleBuoyFrameDecodesWithTheProfilesChannelNames()
    {
        // The ChirpStack sample in shared/samples: data "AWcAjwICDRgDZwBRBIgFnGAU83UAAJY=".
        var names = new Dictionary<int, string> { [1] = "water_temp_c", [2] = "salinity_psu" };
        Assert.True(CayenneLpp.TryDecode(Convert.FromBase64String("AWcAjwICDRgDZwBRBIgFnGAU83UAAJY="), names, out var v, out var error), error);
        Assert.Equal(14.3, v["water_temp_c"]);
        Assert.Equal(33.52, v["salinity_psu"]);
        Assert.Equal(8.1, v["temperature_3"]);
        Assert.Equal(36.7712, v["gps_4_lat"]);
        Assert.Equal(137.3045, v["gps_4_lon"]);
        Assert.Equal(1.5, v["gps_4_alt_m"]);
    }

    [Theory]
    [InlineData("0167")]
    [InlineData("01FF0000")]
    [InlineData("01")]
    public void AMalformedLppFrameIsRefused(string hex) =>
        Assert.False(CayenneLpp.TryDecode(Hex(hex), new Dictionary<int, string>(), out _, out _));

    [Theory]
    [InlineData("0167000A0167000B", "'water_temp_c' appears twice")] // channel 1 sent twice
    [InlineData("016700AA016864", "'water_temp_c' appears twice")] // the profile's water temperature channel carrying a humidity too
    [InlineData("0502000105020002", "'analog_input_5' appears twice")]
    public void AFrameNamingOneValueTwiceIsRefusedRatherThanKeepingEither(string hex, string reason)
    {
        Assert.False(CayenneLpp.TryDecode(Hex(hex), new Dictionary<int, string> { [1] = "water_temp_c" }, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TheLampCommandIsTwoBytes()
    {
        Assert.Equal(Hex("0101"), TwinCodec.LampCommand(true));
        Assert.Equal(Hex("0100"), TwinCodec.LampCommand(false));
    }
}
