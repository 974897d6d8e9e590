using System.Text;
using System.Text.Json;
using Twin.Catalog;
using Twin.Grains.Abstractions;

namespace Twin.Silo.Ingestion;

/// <summary>The dead-letter copy of a rejected message: <c>{topic, reason, detail, payload}</c>, without the payload for a child tracker.</summary>
public static class DeadLetter
{
    /// <summary>The copy's JSON. A child's message never leaves the twin, not even as a dead letter: its copy says what and why, not where.</summary>
    public static byte[] Body(string topic, ReadOnlySpan<byte> payload, Rejection rejection, string? deviceId, TwinCatalog catalog)
    {
        var child = topic.StartsWith("toyama/child-tracker/", StringComparison.Ordinal)
            || (deviceId is not null && catalog.TryGetDevice(deviceId, out var device) && device.Kind == DeviceKind.ChildTracker);
        return JsonSerializer.SerializeToUtf8Bytes(new
        {
            topic,
            reason = rejection.Label,
            detail = rejection.Detail,
            payload = child ? null : Encoding.UTF8.GetString(payload),
        });
    }
}
