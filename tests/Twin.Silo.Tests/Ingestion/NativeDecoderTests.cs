using System.Buffers;
using System.Text;
using Twin.Grains.Abstractions;
using Twin.Silo.Ingestion;

namespace Twin.Silo.Tests.Ingestion;

public sealed class NativeDecoderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.FromHours(9));
    private static readonly IngestionLimits Limits = new(4096, TimeSpan.FromMinutes(5), TimeSpan.FromDays(7));

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
}
