using System.Text;
using System.Text.Json;
using Twin.Catalog;
using Twin.Grains.Abstractions;

namespace Twin.Silo.Ingestion;

/// <summary>
/// The dead-letter copy of a rejected message: <c>{topic, reason, detail, payload}</c>. A child tracker's copy says only
/// that a child's message was refused and why (the reason's label): no payload, no device id, no topic of its own, no detail.
/// </summary>
public static class DeadLetter
{
    /// <summary>The topic a child's copy names instead of the one it came on (which names the tracker).</summary>
    public const string ChildTopic = "toyama/child-tracker/+/up";

    /// <summary>The copy's JSON. A child's message never leaves the twin, not even as a dead letter: its copy says what kind and why, not who or where.</summary>
    public static byte[] Body(string topic, ReadOnlySpan<byte> payload, Rejection rejection, string? deviceId, TwinCatalog catalog)
    {
        if (IsChild(topic, deviceId, catalog))
        {
            return JsonSerializer.SerializeToUtf8Bytes(new { topic = ChildTopic, reason = rejection.Label, detail = (string?)null, payload = (string?)null });
        }
        return JsonSerializer.SerializeToUtf8Bytes(new
        {
            topic,
            reason = rejection.Label,
            detail = rejection.Detail,
            payload = Encoding.UTF8.GetString(payload),
        });
    }

    private static bool IsChild(string topic, string? deviceId, TwinCatalog catalog)
    {
        if (topic.StartsWith("toyama/child-tracker/", StringComparison.Ordinal))
        {
            return true;
        }
        // Native ingestion names the device id, LoRaWAN the DevEUI; a network server's topic names either (The Things
        // Stack's device id, ChirpStack's DevEUI), also when the payload was refused before the device was known.
        return (deviceId is not null && IsChildId(deviceId, catalog)) || topic.Split('/').Any(segment => IsChildId(segment, catalog));
    }

    private static bool IsChildId(string id, TwinCatalog catalog) =>
        id.Length > 0 && (catalog.TryGetDevice(id, out var device) || catalog.TryGetByDevEui(id, out device)) && device.Kind == DeviceKind.ChildTracker;
}
