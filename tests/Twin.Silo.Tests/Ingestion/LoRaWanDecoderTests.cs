using System.Buffers;
using System.Collections.Immutable;
using System.Text;
using System.Text.Json.Nodes;
using Twin.Grains.Abstractions;
using Twin.Silo.Ingestion;

namespace Twin.Silo.Tests.Ingestion;

/// <summary>The network servers' uplink events, read without a twin: what is refused, what is cleaned.</summary>
public sealed class LoRaWanDecoderTests
{
    private static readonly DateTimeOffset Now = NativeDecoderTests.Now;
    private static readonly IngestionLimits Limits = NativeDecoderTests.Limits;

    private static readonly DeviceInfo WeatherStation = new("env-weather-test", DeviceKind.EnvSensor, "toyama", "weather", new GeoPoint(36.7, 137.2),
        "0011223344556677", new DeviceProfile("env-weather", "cayenne-lpp", 600,
            ImmutableDictionary<int, string>.Empty.Add(1, "air_temp_c").Add(2, "precipitation_mm_h").Add(3, "snowfall_cm_h").Add(4, "humidity_pct")),
        ImmutableDictionary<string, double>.Empty);

    private static JsonObject Tts(JsonNode? fCnt = null, string? frm = "AI4BaQ==", JsonObject? decoded = null, string gateway = "toyama-gw-017")
    {
        var up = new JsonObject
        {
            ["f_port"] = 1,
            ["received_at"] = Now.UtcDateTime.ToString("O"),
            ["rx_metadata"] = new JsonArray(new JsonObject { ["gateway_ids"] = new JsonObject { ["gateway_id"] = gateway }, ["rssi"] = -104, ["snr"] = 4.5 }),
        };
        if (fCnt is not null)
        {
            up["f_cnt"] = fCnt;
        }
        if (frm is not null)
        {
            up["frm_payload"] = frm;
        }
        if (decoded is not null)
        {
            up["decoded_payload"] = decoded;
        }
        return new JsonObject { ["end_device_ids"] = new JsonObject { ["dev_eui"] = WeatherStation.DevEui }, ["uplink_message"] = up };
    }

    private static LoRaWanUplink? Parse(UplinkFormat format, string json, out Rejection? rejection) =>
        LoRaWanDecoder.Parse(format, new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(json)), 4096, out rejection);

    private static Reading? Read(JsonObject tts, out Rejection? rejection)
    {
        var up = Parse(UplinkFormat.TheThingsStack, tts.ToJsonString(), out rejection);
        return up is null ? null : LoRaWanDecoder.ToReading(WeatherStation, up, Now, Limits, out rejection);
    }

    private static string Lpp(params (byte Channel, double Value)[] analog)
    {
        var frame = new List<byte>();
        foreach (var (channel, value) in analog)
        {
            Twin.Codecs.CayenneLpp.Analog(frame, channel, value);
        }
        return Convert.ToBase64String(frame.ToArray());
    }

    [Theory]
    [InlineData(-1L)]
    [InlineData(-4294967296L)]
    [InlineData(4294967296L)]
    public void AFrameCounterOutsideThirtyTwoBitsIsRefused(long fCnt)
    {
        Assert.Null(Parse(UplinkFormat.TheThingsStack, Tts(fCnt).ToJsonString(), out var tts));
        Assert.Equal(RejectReason.OutOfRange, tts!.Reason);
        Assert.Contains("f_cnt", tts.Detail, StringComparison.Ordinal);

        var chirpStack = $$"""{"deviceInfo":{"devEui":"0011223344556677"},"fCnt":{{fCnt}},"fPort":1,"data":"AQIAAA=="}""";
        Assert.Null(Parse(UplinkFormat.ChirpStack, chirpStack, out var cs));
        Assert.Equal(RejectReason.OutOfRange, cs!.Reason);
        Assert.Contains("fCnt", cs.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void TheLargestFrameCounterAndAMissingOneAreTaken()
    {
        Assert.Equal(uint.MaxValue, Parse(UplinkFormat.TheThingsStack, Tts(4294967295L).ToJsonString(), out _)!.FCnt);
        Assert.Equal(0, Parse(UplinkFormat.TheThingsStack, Tts().ToJsonString(), out _)!.FCnt);
    }

    [Theory]
    [InlineData("00112233445566")]
    [InlineData("00112233445566778")]
    [InlineData("001122334455667G")]
    [InlineData("0011223344556677\n")]
    [InlineData("0011\u00002233\r\nFORGED")]
    public void ADevEuiThatIsNotSixteenHexDigitsIsRefusedAndShownEscaped(string devEui)
    {
        var tts = Tts(1);
        tts["end_device_ids"]!["dev_eui"] = devEui;
        Assert.Null(Parse(UplinkFormat.TheThingsStack, tts.ToJsonString(), out var rejection));
        Assert.Equal(RejectReason.WrongType, rejection!.Reason);
        Assert.False(LogText.HasUnsafe(rejection.Detail), rejection.Detail);

        var chirpStack = new JsonObject { ["deviceInfo"] = new JsonObject { ["devEui"] = devEui }, ["data"] = "AQIAAA==" };
        Assert.Null(Parse(UplinkFormat.ChirpStack, chirpStack.ToJsonString(), out rejection));
        Assert.Equal(RejectReason.WrongType, rejection!.Reason);
    }

    [Theory]
    [InlineData("gw-01\u0000", @"gw-01\u0000")]
    [InlineData("gw\r\n-01", @"gw\r\n-01")]
    [InlineData("\u202egw-01", @"\u202egw-01")]
    [InlineData("富山-gw-01", "富山-gw-01")]
    [InlineData("", null)]
    public void AGatewayIdIsKeptWithItsControlCharactersEscaped(string gateway, string? expected)
    {
        var reading = Read(Tts(7, Lpp((1, -2.5)), gateway: gateway), out var rejection);
        Assert.Null(rejection);
        Assert.Equal(expected, reading!.Radio!.Gateway);

        var chirpStack = new JsonObject
        {
            ["deviceInfo"] = new JsonObject { ["devEui"] = WeatherStation.DevEui },
            ["rxInfo"] = new JsonArray(new JsonObject { ["gatewayId"] = gateway, ["rssi"] = -90 }),
        };
        Assert.Equal(expected, Parse(UplinkFormat.ChirpStack, chirpStack.ToJsonString(), out _)!.Radio!.Gateway);
    }

    [Fact]
    public void ALongGatewayIdIsCutAndOneThatIsNotValidTextDoesNotCostTheReading()
    {
        var reading = Read(Tts(7, Lpp((1, -2.5)), gateway: new string('g', 500)), out var rejection);
        Assert.Null(rejection);
        Assert.Equal(LoRaWanDecoder.MaxGatewayIdLength, reading!.Radio!.Gateway!.Length);

        var json = Tts(8, Lpp((1, -2.5))).ToJsonString().Replace("toyama-gw-017", @"gw-\ud800-01", StringComparison.Ordinal);
        var up = Parse(UplinkFormat.TheThingsStack, json, out rejection);
        Assert.Null(rejection);
        Assert.Equal(@"gw-\ud800-01", up!.Radio!.Gateway);
        Assert.Equal(-2.5, LoRaWanDecoder.ToReading(WeatherStation, up, Now, Limits, out _)!.Get("air_temp_c"));
    }

    [Fact]
    public void ACayenneFrameIsHeldToTheSameThirtyTwoMetricsAsNativeJson()
    {
        var values = Enumerable.Range(10, NativeDecoder.MaxMetrics + 1).Select(c => ((byte)c, 1.0)).ToArray();

        Assert.Null(Read(Tts(7, Lpp(values)), out var rejection));
        Assert.Equal(RejectReason.OutOfRange, rejection!.Reason);
        Assert.Contains($"at most {NativeDecoder.MaxMetrics} metrics", rejection.Detail, StringComparison.Ordinal);

        Assert.NotNull(Read(Tts(8, Lpp(values[..NativeDecoder.MaxMetrics])), out rejection));
        Assert.Null(rejection);
    }

    [Fact]
    public void ACayenneWeatherValueOutsideItsPhysicalRangeIsRefused()
    {
        // Channel 3 is snowfall: 300 cm/h is no snow storm, it is a broken sensor or a forged frame.
        Assert.Null(Read(Tts(7, Lpp((1, -2.5), (3, 300))), out var rejection));
        Assert.Equal(RejectReason.OutOfRange, rejection!.Reason);
        Assert.Contains("'snowfall_cm_h' = 300 is outside [0, 100]", rejection.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void ADecodedPayloadIsHeldToTheSameRangesAndNamesAsNativeJson()
    {
        Assert.Null(Read(Tts(7, frm: null, decoded: new JsonObject { ["snowfall_cm_h"] = 1e300 }), out var rejection));
        Assert.Equal(RejectReason.OutOfRange, rejection!.Reason);

        var json = Tts(8, frm: null, decoded: new JsonObject { ["air_temp_c"] = 1 }).ToJsonString().Replace("air_temp_c", @"air\ud800", StringComparison.Ordinal);
        var up = Parse(UplinkFormat.TheThingsStack, json, out rejection);
        Assert.Null(rejection);
        Assert.Null(LoRaWanDecoder.ToReading(WeatherStation, up!, Now, Limits, out rejection));
        Assert.Equal(RejectReason.WrongType, rejection!.Reason);
    }

    [Theory]
    [InlineData("v3/toyama-water@toyama/devices/gauge-01/up", true)]
    [InlineData("application/5f0c2a9e-1b7d-4c3a-8e2f-6d9b0a1c3e47/device/0004a30b001c2e51/event/up", true)]
    [InlineData("v3/toyama\u0000water@toyama/devices/gauge-01/up", false)]
    [InlineData("application/app\r\nFORGED/device/0004a30b001c2e51/event/up", false)]
    public void AnUplinkTopicWithAControlCharacterIsRefusedAsABadTopic(string topic, bool taken)
    {
        Assert.Equal(taken, LoRaWanDecoder.CheckTopic(topic, out var rejection));
        if (!taken)
        {
            Assert.Equal("bad-topic", rejection!.Label);
            Assert.Equal(MQTTnet.Protocol.MqttPubAckReasonCode.TopicNameInvalid, rejection.Code);
            Assert.False(LogText.HasUnsafe(rejection.Detail), rejection.Detail);
        }
        Assert.False(LoRaWanDecoder.CheckTopic("v3/" + new string('a', 300) + "@t/devices/d/up", out _));
    }
}
