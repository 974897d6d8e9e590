using System.Globalization;
using System.Text.Json.Nodes;
using Twin.Grains.Abstractions;

namespace Twin.Silo.Api;

/// <summary>
/// The device shapes of the wire contract, built by hand because a reading keeps its wire field names
/// (<c>level_m</c>, <c>state</c>, <c>gap_mm</c>) and a child's position must never be written.
/// </summary>
public static class DeviceJson
{
    /// <summary>A device in a list: catalog fields, status and silence.</summary>
    public static JsonObject Summary(DeviceInfo info, TwinStatus status, bool silent) => new()
    {
        ["id"] = info.Id,
        ["kind"] = info.Kind.ToWire(),
        ["district"] = info.District,
        ["name"] = info.Name,
        ["position"] = Position(info),
        ["devEui"] = info.DevEui,
        ["status"] = status.ToWire(),
        ["silent"] = silent,
    };

    /// <summary>A device's full live state.</summary>
    public static JsonObject Full(DeviceSnapshot s)
    {
        var info = s.Info;
        var o = new JsonObject
        {
            ["id"] = info.Id,
            ["kind"] = info.Kind.ToWire(),
            ["district"] = info.District,
            ["name"] = info.Name,
            ["position"] = Position(info),
            ["devEui"] = info.DevEui,
            ["status"] = s.Status.ToWire(),
            ["health"] = new JsonObject
            {
                ["lastSeen"] = s.Health.LastSeen?.ToString("O", CultureInfo.InvariantCulture),
                ["expectedIntervalS"] = s.Health.ExpectedIntervalS,
                ["battery"] = s.Health.Battery,
                ["rssi"] = s.Health.Rssi,
                ["snr"] = s.Health.Snr,
                ["gateway"] = s.Health.Gateway,
                ["silent"] = s.Health.Silent,
            },
            ["reading"] = s.Reading is null ? null : Reading(info.Kind, s.Reading),
            ["thresholds"] = Numbers(info.Thresholds),
            ["anomalies"] = new JsonArray([.. s.Anomalies.Select(a => (JsonNode?)JsonValue.Create(a))]),
            ["derived"] = Numbers(s.Derived),
            ["profile"] = new JsonObject
            {
                ["name"] = info.Profile.Name,
                ["codec"] = info.Profile.Codec,
                ["expectedIntervalS"] = info.Profile.ExpectedIntervalS,
            },
        };
        if (info.Segment is not null)
        {
            o["segment"] = info.Segment;
        }
        if (info.Group is not null)
        {
            o["group"] = info.Group;
        }
        if (info.Kind == DeviceKind.ChildTracker)
        {
            o["consent"] = info.Consent;
        }
        return o;
    }

    /// <summary>A reading under its wire field names: <c>{ts, seq, level_m, …}</c>, env sensors as <c>{ts, seq, metrics}</c>.</summary>
    public static JsonObject Reading(DeviceKind kind, Reading r)
    {
        var o = new JsonObject
        {
            ["ts"] = r.Ts.ToString("O", CultureInfo.InvariantCulture),
            ["seq"] = r.Seq,
        };
        if (r.State is not null)
        {
            o["state"] = r.State;
        }
        if (kind == DeviceKind.EnvSensor)
        {
            var metrics = new JsonObject();
            foreach (var (k, v) in r.Values.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                if (k != "battery_v")
                {
                    metrics[k] = v;
                }
            }
            o["metrics"] = metrics;
            if (r.Values.TryGetValue("battery_v", out var b))
            {
                o["battery_v"] = b;
            }
        }
        else
        {
            foreach (var (k, v) in r.Values.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                // A child's position never leaves the twin, whatever the grain handed over.
                if (kind == DeviceKind.ChildTracker && k is "lat" or "lon")
                {
                    continue;
                }
                o[k] = v;
            }
        }
        return o;
    }

    private static JsonObject? Position(DeviceInfo info) => info.Kind == DeviceKind.ChildTracker
        ? null
        : new JsonObject { ["lat"] = info.Position.Lat, ["lon"] = info.Position.Lon, ["generated"] = info.Position.Generated };

    private static JsonObject Numbers(IEnumerable<KeyValuePair<string, double>> values)
    {
        var o = new JsonObject();
        foreach (var (k, v) in values.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            o[k] = double.IsFinite(v) ? v : null;
        }
        return o;
    }
}
