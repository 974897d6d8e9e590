using System.Text.Json;
using System.Text.Json.Nodes;
using Twin.Grains.Abstractions.Alarms;
using Twin.Grains.Alarms;
using Twin.Silo.Alarms;
using Twin.Silo.Extensions;
using static Twin.Silo.Tests.Alarms.AlarmSamples;

namespace Twin.Silo.Tests.Alarms;

public sealed class AlarmWebhookBodyTests
{
    private static readonly AlarmOptions Options = new() { PublicBaseUrl = "https://twin.example" };

    [Fact]
    public void TheBodyIsTheContractsShapeOnTheWire()
    {
        var notice = Notice(PumpFault("01JALARM0001"), AlarmAction.Acknowledge, AlarmState.ActiveAcknowledged, Start.AddMinutes(2), "tanaka", "見ます")
            with { Route = "chuo-pumps" };
        var entry = Entry("n-1", notice, NotificationChannel.Webhook, "https://hooks.example/twin");

        var json = JsonNode.Parse(JsonSerializer.Serialize(AlarmWebhookSender.Body(entry, Options), Wire()))!.AsObject();

        Assert.Equal(["notificationId", "alarm", "transition", "at", "by", "ackUrl", "route", "group", "members"], json.Select(p => p.Key));
        Assert.Equal("n-1", (string?)json["notificationId"]);
        Assert.Equal("2026-12-01T06:02:00+00:00", (string?)json["at"]);
        Assert.Equal("tanaka", (string?)json["by"]);
        Assert.Equal("https://twin.example/api/alarms/01JALARM0001/ack", (string?)json["ackUrl"]);
        Assert.Equal("chuo-pumps", (string?)json["route"]);
        Assert.Null(json["group"]);
        Assert.Empty(json["members"]!.AsArray());
        Assert.Equal("""{"at":"2026-12-01T06:02:00+00:00","from":"active-unacknowledged","to":"active-acknowledged","action":"acknowledge","by":"tanaka","comment":"見ます"}""",
            json["transition"]!.ToJsonString(Wire()));
        var alarm = json["alarm"]!.AsObject();
        Assert.Equal(("01JALARM0001", "pump-fault", "active-acknowledged", "alarm"), ((string?)alarm["id"], (string?)alarm["type"], (string?)alarm["state"], (string?)alarm["severity"]));
        Assert.Equal(2, alarm["transitions"]!.AsArray().Count);
    }

    [Fact]
    public void AGroupsBodyNamesTheGroupAndEveryMember()
    {
        var notice = Raised(PumpFault()) with { GroupId = "grp-1", Members = ["pump-0040", "pump-0041"] };

        var json = JsonNode.Parse(JsonSerializer.Serialize(AlarmWebhookSender.Body(Entry("n-2", notice, NotificationChannel.Webhook, "https://h.example"), Options), Wire()))!;

        Assert.Equal("grp-1", (string?)json["group"]);
        Assert.Equal(["pump-0040", "pump-0041"], json["members"]!.AsArray().Select(m => (string?)m));
        Assert.Null(json["by"]);
    }

    private static JsonSerializerOptions Wire()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        WebExtensions.ConfigureWireJson(options);
        return options;
    }
}
