using System.Buffers;
using System.Text;
using MQTTnet.Protocol;
using Twin.Grains.Abstractions;
using Twin.Silo.Ingestion;

namespace Twin.Silo.Tests.Ingestion;

public sealed class NativeDecoderTests
{
    /// <summary>The twin's clock in these tests (and the LoRaWAN decoder's).</summary>
    internal static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.FromHours(9));

    /// <summary>The default <c>Twin:Ingestion</c> limits.</summary>
    internal static readonly IngestionLimits Limits = new(4096, TimeSpan.FromMinutes(5), TimeSpan.FromDays(7));

    private static Reading? Decode(DeviceKind kind, string json, out Rejection? rejection) =>
        NativeDecoder.Decode(kind, new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(json)), Now, Limits, out rejection);

    [Fact]
    public void AGaugeReadingDecodesWithItsWireNames()
    {
        var r = Decode(DeviceKind.RiverGauge, """{"ts":"2026-11-27T11:59:00+09:00","seq":9007199254740992,"level_m":1.23,"battery_v":3.6}""", out var rej);
        Assert.Null(rej);
        Assert.Equal(1.23, r!.Get("level_m"));
        Assert.Equal(1L << 53, r.Seq);
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 11, 59, 0, TimeSpan.FromHours(9)), r.Ts);
    }

    [Fact]
    public void AnEnvReadingKeepsItsMetrics()
    {
        var r = Decode(DeviceKind.EnvSensor, """{"ts":"2026-11-27T02:59:00Z","seq":1,"metrics":{"water_temp_c":14.5,"salinity_psu":33.2}}""", out _);
        Assert.Equal(33.2, r!.Get("salinity_psu"));
    }

    [Theory]
    [InlineData(DeviceKind.RiverGauge, "not json", RejectReason.MalformedJson)]
    [InlineData(DeviceKind.RiverGauge, "[1,2]", RejectReason.WrongType)]
    [InlineData(DeviceKind.RiverGauge, """{"seq":1,"level_m":1}""", RejectReason.MissingField)]
    [InlineData(DeviceKind.RiverGauge, """{"ts":"2026-11-27T11:59:00","seq":1,"level_m":1}""", RejectReason.WrongType)]
    [InlineData(DeviceKind.RiverGauge, """{"ts":"2026-11-27T13:00:00+09:00","seq":1,"level_m":1}""", RejectReason.TsInFuture)]
    [InlineData(DeviceKind.RiverGauge, """{"ts":"2026-01-01T00:00:00+09:00","seq":1,"level_m":1}""", RejectReason.TsTooOld)]
    [InlineData(DeviceKind.RiverGauge, """{"ts":"2026-11-27T11:59:00+09:00","seq":-1,"level_m":1}""", RejectReason.OutOfRange)]
    [InlineData(DeviceKind.RiverGauge, """{"ts":"2026-11-27T11:59:00+09:00","seq":1.5,"level_m":1}""", RejectReason.WrongType)]
    [InlineData(DeviceKind.RiverGauge, """{"ts":"2026-11-27T11:59:00+09:00","seq":1,"level_m":"1.2"}""", RejectReason.WrongType)]
    [InlineData(DeviceKind.RiverGauge, """{"ts":"2026-11-27T11:59:00+09:00","seq":1,"level_m":1e400}""", RejectReason.NotFinite)]
    [InlineData(DeviceKind.RiverGauge, """{"ts":"2026-11-27T11:59:00+09:00","seq":1,"level_m":500}""", RejectReason.OutOfRange)]
    [InlineData(DeviceKind.SnowPump, """{"ts":"2026-11-27T11:59:00+09:00","seq":1}""", RejectReason.MissingField)]
    [InlineData(DeviceKind.SnowPump, """{"ts":"2026-11-27T11:59:00+09:00","seq":1,"state":"on fire"}""", RejectReason.UnknownState)]
    [InlineData(DeviceKind.ChildTracker, """{"ts":"2026-11-27T11:59:00+09:00","seq":1,"lat":91,"lon":137}""", RejectReason.OutOfRange)]
    [InlineData(DeviceKind.EnvSensor, """{"ts":"2026-11-27T11:59:00+09:00","seq":1,"metrics":{"Bad Name":1}}""", RejectReason.WrongType)]
    [InlineData(DeviceKind.EnvSensor, """{"ts":"2026-11-27T11:59:00+09:00","seq":1,"metrics":[1]}""", RejectReason.WrongType)]
    public void BadPayloadsAreRejectedWithTheirReason(DeviceKind kind, string json, RejectReason expected)
    {
        Assert.Null(Decode(kind, json, out var rejection));
        Assert.Equal(expected, rejection!.Reason);
        Assert.False(string.IsNullOrWhiteSpace(rejection.Detail));
    }

    [Fact]
    public void AnOversizedPayloadIsRejectedBeforeParsing()
    {
        Assert.Null(Decode(DeviceKind.RiverGauge, "{\"x\":\"" + new string('a', 5000) + "\"}", out var rejection));
        Assert.Equal(RejectReason.PayloadTooLarge, rejection!.Reason);
    }

    [Theory]
    [InlineData("toyama/river-gauge/rg-1/up", true, "river-gauge", "rg-1")]
    [InlineData("toyama/snow-pump/x/up", true, "snow-pump", "x")]
    [InlineData("toyama//x/up", true, "", "x")] // taken, then rejected as an unknown kind
    [InlineData("toyama/river-gauge/rg-1/down", false, "", "")]
    [InlineData("toyama/river-gauge//up", false, "", "")]
    [InlineData("toyama/river-gauge/rg-1/extra/up", false, "", "")]
    [InlineData("toyama/rg-1/up", false, "", "")]
    [InlineData("toyama/up", false, "", "")]
    [InlineData("toyama///up", false, "", "")]
    [InlineData("Toyama/river-gauge/rg-1/up", false, "", "")]
    [InlineData("v3/app@tenant/devices/x/up", false, "", "")]
    public void OnlyNativeUplinkTopicsAreTaken(string topic, bool expected, string kind, string id)
    {
        Assert.Equal(expected, NativeDecoder.TryParseTopic(topic, out var kindText, out var deviceId));
        Assert.Equal(kind, kindText);
        Assert.Equal(id, deviceId);
    }

    [Theory]
    [InlineData("snowfall_cm_h", "1e300", "[0, 100]")]
    [InlineData("snowfall_cm_h", "-0.5", "[0, 100]")]
    [InlineData("air_temp_c", "200", "[-50, 60]")]
    [InlineData("precipitation_mm_h", "-1", "[0, 300]")]
    [InlineData("humidity_pct", "100.5", "[0, 100]")]
    [InlineData("water_temp_c", "99", "[-5, 50]")]
    [InlineData("salinity_psu", "80", "[0, 45]")]
    [InlineData("water_level_cm", "-300", "[-50, 200]")]
    [InlineData("soil_moisture_pct", "140", "[0, 100]")]
    [InlineData("soil_temp_c", "-80", "[-30, 70]")]
    [InlineData("soil_ec_ds_m", "-0.1", "[0, 20]")]
    [InlineData("people_in", "-3", "[0, 100000]")]
    public void AnEnvMetricOutsideItsPhysicalRangeIsRefusedNamingTheMetricTheRangeAndTheValue(string metric, string value, string range)
    {
        var json = $$$"""{"ts":"2026-11-27T11:59:00+09:00","seq":1,"metrics":{"air_temp_c":-2.5,"{{{metric}}}":{{{value}}}}}""";

        Assert.Null(Decode(DeviceKind.EnvSensor, json, out var rejection));

        Assert.Equal(RejectReason.OutOfRange, rejection!.Reason);
        Assert.Equal(MqttPubAckReasonCode.PayloadFormatInvalid, rejection.Code);
        Assert.Contains($"'{metric}' = ", rejection.Detail, StringComparison.Ordinal);
        Assert.Contains(range, rejection.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void EnvMetricsAtTheEdgesOfTheirRangesAndUnknownMetricsAreTaken()
    {
        var r = Decode(DeviceKind.EnvSensor, """{"ts":"2026-11-27T11:59:00+09:00","seq":1,"metrics":{"air_temp_c":-50,"snowfall_cm_h":100,"humidity_pct":100,"co2_ppm":5000}}""", out var rejection);
        Assert.Null(rejection);
        Assert.Equal(100, r!.Get("snowfall_cm_h"));
        Assert.Equal(5000, r.Get("co2_ppm"));
    }

    [Theory]
    [InlineData("""{"ts":"\ud800","seq":1,"level_m":1}""")]
    [InlineData("""{"ts":"2026-11-27T11:59:00+09:00","seq":1,"level_m":1,"battery_v":"\udc00"}""")]
    public void AStringThatIsNotValidTextIsRefusedNotThrown(string json)
    {
        Assert.Null(Decode(DeviceKind.RiverGauge, json, out var rejection));
        Assert.Equal(RejectReason.WrongType, rejection!.Reason);
        Assert.False(LogText.HasUnsafe(rejection.Detail), rejection.Detail);
    }

    [Theory]
    [InlineData(DeviceKind.SnowPump, """{"ts":"2026-11-27T11:59:00+09:00","seq":1,"state":"\ud83d"}""", RejectReason.WrongType)]
    [InlineData(DeviceKind.EnvSensor, """{"ts":"2026-11-27T11:59:00+09:00","seq":1,"metrics":{"\ud800x":1}}""", RejectReason.WrongType)]
    public void AStateOrMetricNameThatIsNotValidTextIsRefusedNotThrown(DeviceKind kind, string json, RejectReason expected)
    {
        Assert.Null(Decode(kind, json, out var rejection));
        Assert.Equal(expected, rejection!.Reason);
    }

    [Fact]
    public void APumpStateWithAControlCharacterIsRefusedAndShownEscaped()
    {
        Assert.Null(Decode(DeviceKind.SnowPump, """{"ts":"2026-11-27T11:59:00+09:00","seq":1,"state":"running\u0000"}""", out var rejection));

        Assert.Equal(RejectReason.UnknownState, rejection!.Reason);
        Assert.Contains(@"running\u0000", rejection.Detail, StringComparison.Ordinal);
        Assert.False(LogText.HasUnsafe(rejection.Detail), rejection.Detail);
    }

    [Theory]
    [InlineData("""{"ts":"2026-11-27T11:59:00+09:00","seq":1,"metrics":{"a\nb\r\n2026-11-27 WARN forged":1}}""")]
    [InlineData("""{"ts":"2026-11-27T11:59:00+09:00","seq":1,"metrics":{"\u202eabc":1}}""")]
    [InlineData("""{"ts":"2026-11-27T11:59:00+09:00","seq":1,"metrics":{"\u001b[31mred":1}}""")]
    public void ARejectionsDetailCarriesNoControlCharacterFromThePayload(string json)
    {
        Assert.Null(Decode(DeviceKind.EnvSensor, json, out var rejection));
        Assert.False(LogText.HasUnsafe(rejection!.Detail), rejection.Detail);
    }
}
