using System.Globalization;
using System.Text.Json;
using Twin.Codecs;
using Twin.Grains.Abstractions;
using static Twin.Simulator.Tests.TestCity;

namespace Twin.Simulator.Tests;

public sealed class UplinkFormatterTests
{
    private static readonly string[] PumpStates = ["running", "stopped", "low_water", "pump_fault", "inverter_fault", "sensor_fault", "pressure_sensor_fault"];

    // The contract's fields per kind, and the physically possible ranges the twin's decoder enforces.
    private static readonly Dictionary<DeviceKind, string[]> Fields = new()
    {
        [DeviceKind.RiverGauge] = ["level_m", "battery_v"],
        [DeviceKind.SnowPump] = ["state", "pressure_mpa"],
        [DeviceKind.BridgeJoint] = ["gap_mm", "accel_g"],
        [DeviceKind.ChildTracker] = ["lat", "lon", "battery_pct"],
        [DeviceKind.EnvSensor] = ["metrics"],
    };

    private static readonly Dictionary<string, (double Min, double Max)> Ranges = new()
    {
        ["level_m"] = (-20, 100), ["battery_v"] = (0, 24), ["pressure_mpa"] = (0, 10), ["gap_mm"] = (-100, 1000),
        ["accel_g"] = (-50, 50), ["lat"] = (20, 46), ["lon"] = (122, 154), ["battery_pct"] = (0, 100),
    };

    private static readonly DateTimeOffset[] Instants =
    [
        At(2027, 1, 12, 7, 40), At(2027, 1, 25, 3, 10), At(2027, 4, 20, 15, 5), At(2027, 7, 7, 8, 0), At(2027, 9, 1, 17, 45), At(2027, 11, 30, 23, 59),
    ];

    [Fact]
    public void EveryNativePayloadFollowsTheContract()
    {
        var (city, _) = NewCity(Instants[0]);
        foreach (var device in city.Senders.Concat(city.RareSenders))
        {
            foreach (var at in Instants)
            {
                var reading = city.Sample(device, at, 42);
                var uplink = city.Format(device, reading, UplinkFormat.Native);
                Assert.Equal($"toyama/{device.Kind.ToWire()}/{device.Id}/up", uplink.Topic);
                using var doc = JsonDocument.Parse(uplink.Payload);
                var root = doc.RootElement;

                var ts = root.GetProperty("ts").GetString()!;
                Assert.EndsWith("+09:00", ts, StringComparison.Ordinal);
                var parsed = DateTimeOffset.Parse(ts, CultureInfo.InvariantCulture);
                Assert.Equal(at, parsed);
                Assert.Equal(42, root.GetProperty("seq").GetInt64());

                var allowed = Fields[device.Kind].Append("ts").Append("seq").ToHashSet();
                Assert.All(root.EnumerateObject(), p => Assert.Contains(p.Name, allowed));
                switch (device.Kind)
                {
                    case DeviceKind.RiverGauge:
                        Assert.Equal(JsonValueKind.Number, root.GetProperty("level_m").ValueKind);
                        break;
                    case DeviceKind.SnowPump:
                        Assert.Contains(root.GetProperty("state").GetString(), PumpStates);
                        break;
                    case DeviceKind.BridgeJoint:
                        Assert.Equal(JsonValueKind.Number, root.GetProperty("gap_mm").ValueKind);
                        break;
                    case DeviceKind.ChildTracker:
                        Assert.Equal(JsonValueKind.Number, root.GetProperty("lat").ValueKind);
                        Assert.Equal(JsonValueKind.Number, root.GetProperty("lon").ValueKind);
                        break;
                    default:
                        var metrics = root.GetProperty("metrics");
                        Assert.Equal(device.Profile.Channels.Values.Order(), metrics.EnumerateObject().Select(m => m.Name).Order());
                        Assert.All(metrics.EnumerateObject(), m => Assert.True(double.IsFinite(m.Value.GetDouble())));
                        break;
                }
                foreach (var p in root.EnumerateObject().Where(p => Ranges.ContainsKey(p.Name)))
                {
                    Assert.InRange(p.Value.GetDouble(), Ranges[p.Name].Min, Ranges[p.Name].Max);
                    Assert.Equal(reading.Get(p.Name), p.Value.GetDouble());
                }
            }
        }
    }

    [Fact]
    public void TtsUplinksDecodeBackToTheSameValues()
    {
        var (city, _) = NewCity(Instants[0]);
        foreach (var device in city.Senders)
        {
            foreach (var at in Instants)
            {
                var reading = city.Sample(device, at, 70_000); // past 2^16: f_cnt wraps
                var uplink = city.Format(device, reading, UplinkFormat.Tts);
                var app = device.Kind switch
                {
                    DeviceKind.RiverGauge => "toyama-water",
                    DeviceKind.SnowPump => "toyama-snow",
                    DeviceKind.BridgeJoint => "toyama-bridges",
                    DeviceKind.ChildTracker => "toyama-mimamori",
                    _ => "toyama-env",
                };
                Assert.Equal($"v3/{app}@toyama/devices/{device.Id}/up", uplink.Topic);
                using var doc = JsonDocument.Parse(uplink.Payload);
                var root = doc.RootElement;
                Assert.Equal(device.DevEui, root.GetProperty("end_device_ids").GetProperty("dev_eui").GetString(), StringComparer.OrdinalIgnoreCase);
                Assert.Equal(device.Id, root.GetProperty("end_device_ids").GetProperty("device_id").GetString());
                var up = root.GetProperty("uplink_message");
                Assert.Equal(70_000 % 65_536, up.GetProperty("f_cnt").GetInt64());
                var gateway = up.GetProperty("rx_metadata")[0];
                Assert.Equal(device.Gateway, gateway.GetProperty("gateway_ids").GetProperty("gateway_id").GetString());
                Assert.InRange(gateway.GetProperty("rssi").GetDouble(), -130, -30);
                Assert.Equal(at, DateTimeOffset.Parse(up.GetProperty("received_at").GetString()!, CultureInfo.InvariantCulture));

                AssertDecodes(device, reading, up.GetProperty("f_port").GetInt32(), up.GetProperty("frm_payload").GetBytesFromBase64());
                if (device.Kind != DeviceKind.EnvSensor)
                {
                    var decoded = up.GetProperty("decoded_payload");
                    Assert.All(reading.Values, v => Assert.Equal(v.Value, decoded.GetProperty(v.Key).GetDouble()));
                    Assert.Equal(reading.State, decoded.TryGetProperty("state", out var s) ? s.GetString() : null);
                }
            }
        }
    }

    [Fact]
    public void ChirpStackUplinksDecodeBackToTheSameValues()
    {
        var (city, _) = NewCity(Instants[0]);
        foreach (var device in city.Senders)
        {
            foreach (var at in Instants)
            {
                var reading = city.Sample(device, at, 65_537);
                var uplink = city.Format(device, reading, UplinkFormat.ChirpStack);
                var parts = uplink.Topic.Split('/');
                Assert.Equal(["application", parts[1], "device", device.DevEui.ToLowerInvariant(), "event", "up"], parts);
                Assert.True(Guid.TryParse(parts[1], out _));
                using var doc = JsonDocument.Parse(uplink.Payload);
                var root = doc.RootElement;
                var info = root.GetProperty("deviceInfo");
                Assert.Equal(device.DevEui.ToLowerInvariant(), info.GetProperty("devEui").GetString());
                Assert.Equal(parts[1], info.GetProperty("applicationId").GetString());
                Assert.Equal(device.Id, info.GetProperty("deviceName").GetString());
                Assert.Equal(1, root.GetProperty("fCnt").GetInt64());
                Assert.Equal(device.Gateway, root.GetProperty("rxInfo")[0].GetProperty("gatewayId").GetString());
                Assert.Equal(at, DateTimeOffset.Parse(root.GetProperty("time").GetString()!, CultureInfo.InvariantCulture));
                Assert.False(root.TryGetProperty("object", out _));
                AssertDecodes(device, reading, root.GetProperty("fPort").GetInt32(), root.GetProperty("data").GetBytesFromBase64());
            }
        }
    }

    [Fact]
    public void MixedFormatIsFixedPerDeviceAndUsesAllThree()
    {
        var options = new SimulatorOptions { Format = UplinkFormat.Mixed };
        var (a, _) = NewCity(Instants[0], 3, options);
        var (b, _) = NewCity(Instants[0], 3, options);
        var formats = a.Senders.Select(a.FormatOf).ToList();
        Assert.Equal(formats, b.Senders.Select(b.FormatOf));
        Assert.All(new[] { UplinkFormat.Native, UplinkFormat.Tts, UplinkFormat.ChirpStack }, f => Assert.True(formats.Count(x => x == f) > a.Senders.Length / 5));
        Assert.All(a.Senders.Take(50), d => Assert.Equal(a.FormatOf(d), a.NextUplink(d).Format));
    }

    private static void AssertDecodes(DeviceInfo device, Reading reading, int port, byte[] frame)
    {
        if (device.Kind == DeviceKind.EnvSensor)
        {
            Assert.Equal(TwinCodec.LppPort, port);
            Assert.True(CayenneLpp.TryDecode(frame, device.Profile.Channels, out var values, out var error), error);
            Assert.Equal(reading.Values.OrderBy(v => v.Key), values.OrderBy(v => v.Key));
        }
        else
        {
            Assert.Equal(TwinCodec.UplinkPort, port);
            Assert.True(TwinCodec.TryDecode(device.Kind, frame, out var values, out var state, out var error), error);
            Assert.Equal(reading.State, state);
            Assert.Equal(reading.Values.OrderBy(v => v.Key), values.OrderBy(v => v.Key));
        }
    }
}
