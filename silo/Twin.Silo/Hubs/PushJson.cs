using System.Text.Json;
using System.Text.Json.Nodes;
using Twin.Grains.Abstractions;
using Twin.Silo.Api;
using Twin.Silo.Extensions;

namespace Twin.Silo.Hubs;

/// <summary>The hub's messages as JSON: the REST shapes plus <c>changed</c> (and <c>childCells</c> for districts).</summary>
public static class PushJson
{
    private static readonly JsonSerializerOptions Options = CreateOptions();

    /// <summary>A <c>city</c> message.</summary>
    public static JsonObject City(CitySnapshot city, IEnumerable<DeviceStatusEntry> changed)
    {
        var o = Node(city);
        o["changed"] = Changed(changed);
        return o;
    }

    /// <summary>A <c>district</c> message.</summary>
    public static JsonObject District(DistrictSnapshot district, IEnumerable<DeviceStatusEntry> changed, IEnumerable<CellCount> cells)
    {
        var o = Node(district);
        o["changed"] = Changed(changed);
        o["childCells"] = JsonSerializer.SerializeToNode(cells, Options);
        return o;
    }

    /// <summary>A <c>river</c> message.</summary>
    public static JsonObject River(SegmentSummary segment) => Node(segment);

    /// <summary>A <c>device</c> message: the REST device shape.</summary>
    public static JsonObject Device(DeviceSnapshot device) => DeviceJson.Full(device);

    /// <summary>An <c>alarm</c> message.</summary>
    public static JsonObject Alarm(AlarmInfo alarm) => Node(alarm);

    /// <summary>The message a push becomes, with its client method name.</summary>
    public static (string Method, JsonObject Payload)? From(PushMessage m) => m.Kind switch
    {
        PushKind.City when m.City is not null => ("city", City(m.City, m.Changed)),
        PushKind.District when m.District is not null => ("district", District(m.District, m.Changed, m.ChildCells)),
        PushKind.River when m.River is not null => ("river", River(m.River)),
        PushKind.Device when m.Device is not null => ("device", Device(m.Device)),
        PushKind.Alarm when m.Alarm is not null => ("alarm", Alarm(m.Alarm)),
        _ => null,
    };

    private static JsonArray Changed(IEnumerable<DeviceStatusEntry> changed) =>
        [.. changed.Select(c => (JsonNode)new JsonObject { ["id"] = c.Id, ["status"] = c.Status.ToWire(), ["silent"] = c.Silent })];

    private static JsonObject Node<T>(T value) => JsonSerializer.SerializeToNode(value, Options)!.AsObject();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        SiloExtensions.Configure(options);
        return options;
    }
}
