using Twin.Silo.Ingestion.Access;

namespace Twin.Silo.Tests.Ingestion.Access;

public sealed class MqttRightsTests
{
    private readonly MqttRights _rights = new("twin/dead-letter");
    private static readonly MqttPrincipal Gauge = MqttPrincipal.Device("rg-001");
    private static readonly MqttPrincipal PumpFleet = new("gw", MqttRoles.Fleet, Kinds: new HashSet<string> { "snow-pump" });
    private static readonly MqttPrincipal Tts = new("tts", MqttRoles.NetworkServer, Applications: new HashSet<string> { "toyama-rivers" });
    private static readonly MqttPrincipal Observer = new("watch", MqttRoles.Observer);
    private static readonly MqttPrincipal Lab = new("anonymous", MqttRoles.LabAnonymous);

    [Theory]
    [InlineData("toyama/river-gauge/rg-001/up", null)]
    [InlineData("toyama/river-gauge/rg-002/up", MqttRights.NotItsTopic)]
    [InlineData("toyama/river-gauge/rg-001/down", MqttRights.TwinOnlyTopic)]
    [InlineData("toyama/alarms/toyama/river-level/rg-001", MqttRights.TwinOnlyTopic)]
    [InlineData("twin/dead-letter", MqttRights.TwinOnlyTopic)]
    [InlineData("application/x/device/0011223344556677/event/up", MqttRights.NotItsTopic)]
    [InlineData("anything/else", MqttRights.NotItsTopic)]
    public void ADevicePublishesOnlyItsOwnUplink(string topic, string? refusal) =>
        Assert.Equal(refusal, _rights.RefusePublish(Gauge, topic, retain: false));

    [Fact]
    public void TheRetainFlagIsRefusedOnUplinks() =>
        Assert.Equal(MqttRights.RetainedUplink, _rights.RefusePublish(Gauge, "toyama/river-gauge/rg-001/up", retain: true));

    [Fact]
    public void AFleetPublishesNativeUplinksOfItsKindsOnly()
    {
        Assert.Null(_rights.RefusePublish(PumpFleet, "toyama/snow-pump/sp-1/up", false));
        Assert.Equal(MqttRights.NotItsTopic, _rights.RefusePublish(PumpFleet, "toyama/child-tracker/ct-1/up", false));
        Assert.Equal(MqttRights.NotItsTopic, _rights.RefusePublish(PumpFleet, "v3/toyama-rivers@toyama/devices/g/up", false));
    }

    [Fact]
    public void ANetworkServerPublishesUplinksOfItsApplicationsAndHearsTheirDownlinks()
    {
        Assert.Null(_rights.RefusePublish(Tts, "v3/toyama-rivers@toyama/devices/g/up", false));
        Assert.Equal(MqttRights.NotItsTopic, _rights.RefusePublish(Tts, "v3/other@toyama/devices/g/up", false));
        Assert.Equal(MqttRights.NotItsTopic, _rights.RefusePublish(Tts, "toyama/river-gauge/rg-001/up", false));
        Assert.True(_rights.MayReceive(Tts, "v3/toyama-rivers@toyama/devices/g/down/push"));
        Assert.False(_rights.MayReceive(Tts, "v3/other@toyama/devices/g/down/push"));
        Assert.Null(_rights.RefuseSubscribe(Tts, "v3/toyama-rivers@toyama/devices/+/down/#"));
        Assert.Equal(MqttRights.NotItsTopic, _rights.RefuseSubscribe(Tts, "v3/+/devices/+/down/#"));
        Assert.Equal(MqttRights.NotItsTopic, _rights.RefuseSubscribe(Tts, "v3/toyama-rivers@toyama/devices/+/up"));
    }

    [Theory]
    [InlineData("toyama/river-gauge/rg-001/down", true)]
    [InlineData("toyama/+/rg-001/down", true)]
    [InlineData("#", false)]
    [InlineData("toyama/#", false)]
    [InlineData("toyama/+/+/down", false)]
    [InlineData("toyama/river-gauge/rg-001/up", false)]
    [InlineData("toyama/river-gauge/rg-002/down", false)]
    [InlineData("toyama/river-gauge/rg-001/#", false)]
    [InlineData("toyama/river-gauge/rg-00+/down", false)]
    public void ADeviceSubscribesOnlyToItsOwnDownlink(string filter, bool allowed) =>
        Assert.Equal(allowed, _rights.RefuseSubscribe(Gauge, filter) is null);

    [Fact]
    public void NobodyButTheTwinIsSentAnUplink()
    {
        foreach (var client in new[] { Gauge, PumpFleet, Tts, Observer, Lab })
        {
            Assert.False(_rights.MayReceive(client, "toyama/child-tracker/ct-1/up"));
            Assert.False(_rights.MayReceive(client, "application/a/device/0011223344556677/event/up"));
        }
    }

    [Fact]
    public void AnObserverHearsAlarmsAndDeadLettersOnly()
    {
        Assert.Null(_rights.RefuseSubscribe(Observer, "toyama/alarms/#"));
        Assert.Null(_rights.RefuseSubscribe(Observer, "toyama/alarms/yatsuo/+/+"));
        Assert.Null(_rights.RefuseSubscribe(Observer, "twin/dead-letter"));
        Assert.NotNull(_rights.RefuseSubscribe(Observer, "toyama/#"));
        Assert.NotNull(_rights.RefuseSubscribe(Observer, "#"));
        Assert.True(_rights.MayReceive(Observer, "toyama/alarms/yatsuo/bridge-gap-limit/bj-1"));
        Assert.False(_rights.MayReceive(Observer, "toyama/bridge-joint/bj-1/down"));
        Assert.NotNull(_rights.RefusePublish(Observer, "toyama/alarms/yatsuo/x/y", false));
    }

    [Fact]
    public void TheLabsAnonymousClientsUseTestTopicsOnly()
    {
        Assert.Null(_rights.RefusePublish(Lab, "TopicA/B", false));
        Assert.Null(_rights.RefuseSubscribe(Lab, "#"));
        Assert.Null(_rights.RefuseSubscribe(Lab, "+/+"));
        Assert.Equal(MqttRights.LabRefusedFilter, _rights.RefuseSubscribe(Lab, "test/nosubscribe"));
        Assert.NotNull(_rights.RefuseSubscribe(Lab, "toyama/#"));
        Assert.NotNull(_rights.RefusePublish(Lab, "toyama/river-gauge/rg-001/up", false));
        Assert.NotNull(_rights.RefusePublish(Lab, "$SYS/x", false));
        // A wildcard granted in the lab still never carries the twin's topics.
        Assert.True(_rights.MayReceive(Lab, "TopicA/B"));
        Assert.False(_rights.MayReceive(Lab, "toyama/bridge-joint/bj-1/down"));
        Assert.False(_rights.MayReceive(Lab, "toyama/alarms/a/b/c"));
        Assert.False(_rights.MayReceive(Lab, "twin/dead-letter"));
    }

    [Fact]
    public void TheTwinPublishesEverywhere()
    {
        Assert.Null(_rights.RefusePublish(MqttPrincipal.TwinItself, "toyama/bridge-joint/bj-1/down", false));
        Assert.Null(_rights.RefusePublish(MqttPrincipal.TwinItself, "toyama/alarms/a/b/c", true));
    }
}
