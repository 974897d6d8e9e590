using System.Buffers;
using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Twin.Codecs;
using Twin.Grains.Abstractions;

namespace Twin.Silo.Ingestion;

/// <summary>
/// Reads The Things Stack v3 and ChirpStack v4 uplink events (the wire contract's topics and JSON) and turns
/// them into readings: the network server's decoded payload when present, otherwise our own codec by the
/// device profile (Cayenne LPP or our binary layouts). Plain C#, no Orleans.
/// </summary>
public static class LoRaWanDecoder
{
    /// <summary>Longest gateway id kept (TTS ids are at most 36 characters, ChirpStack's are 16 hex digits).</summary>
    public const int MaxGatewayIdLength = 64;

    /// <summary>Largest frame counter: LoRaWAN counts frames in 32 bits.</summary>
    public const long MaxFCnt = uint.MaxValue;

    /// <summary>Which network server's uplink topic this is, if any (<c>v3/{app}@{tenant}/devices/{device}/up</c>, <c>application/{app}/device/{devEui}/event/up</c>).</summary>
    public static UplinkFormat? FormatOf(string topic)
    {
        var parts = topic.Split('/');
        if (parts.Length == 5 && parts[0] == "v3" && parts[2] == "devices" && parts[4] == "up" && parts[1].Contains('@'))
        {
            return UplinkFormat.TheThingsStack;
        }
        if (parts.Length == 6 && parts[0] == "application" && parts[2] == "device" && parts[4] == "event" && parts[5] == "up")
        {
            return UplinkFormat.ChirpStack;
        }
        return null;
    }

    /// <summary>Longest uplink topic taken (TTS and ChirpStack ids are at most 36 characters a level).</summary>
    public const int MaxTopicLength = 256;

    /// <summary>
    /// Whether an uplink topic may travel with its reading (as its <c>Source</c>, kept in the history and used to
    /// address downlinks): its application and tenant levels come from outside, and a control character there
    /// would reach the history and the log. Refused (<c>bad-topic</c>, 0x90) otherwise.
    /// </summary>
    public static bool CheckTopic(string topic, out Rejection? rejection)
    {
        rejection = null;
        if (topic.Length <= MaxTopicLength && !LogText.HasUnsafe(topic))
        {
            return true;
        }
        rejection = new(RejectReason.BadTopic, $"the topic must be at most {MaxTopicLength} characters of text without control characters: \"{LogText.Safe(topic, 120)}\"");
        return false;
    }

    /// <summary>
    /// Whether the topic names the device its payload is about: The Things Stack's <c>devices/{device}</c> level is
    /// the event's <c>end_device_ids.device_id</c>, ChirpStack's <c>device/{devEui}</c> level its
    /// <c>deviceInfo.devEui</c> (any case). A payload published under another device's topic is refused
    /// (<c>topic-mismatch</c>, 0x90): the topic becomes the device's downlink route.
    /// </summary>
    public static bool TopicAgrees(string topic, LoRaWanUplink uplink, out Rejection? rejection)
    {
        rejection = null;
        var parts = topic.Split('/');
        var (level, named, field) = uplink.Format == UplinkFormat.TheThingsStack
            ? (parts[3], uplink.NetworkDeviceId, "end_device_ids.device_id")
            : (parts[3], uplink.DevEui, "deviceInfo.devEui");
        var comparison = uplink.Format == UplinkFormat.TheThingsStack ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        if (named is not null && string.Equals(level, named, comparison))
        {
            return true;
        }
        rejection = new(RejectReason.TopicMismatch,
            $"the topic names device '{LogText.Safe(level)}' but '{field}' is '{LogText.Safe(named ?? "")}'");
        return false;
    }

    /// <summary>Parses the event JSON of <paramref name="format"/>; a rejection says what was missing.</summary>
    public static LoRaWanUplink? Parse(UplinkFormat format, ReadOnlySequence<byte> payload, int maxBytes, out Rejection? rejection)
    {
        if (NativeDecoder.ParseJson(payload, maxBytes, out rejection) is not { } doc)
        {
            return null;
        }
        using (doc)
        {
            try
            {
                return format == UplinkFormat.TheThingsStack ? ParseTts(doc.RootElement, out rejection) : ParseChirpStack(doc.RootElement, out rejection);
            }
            catch (Exception ex) when (ex is InvalidOperationException or FormatException or KeyNotFoundException)
            {
                rejection = new(RejectReason.WrongType, $"not a {format} uplink: {LogText.Safe(ex.Message, 200)}");
                return null;
            }
        }
    }

    private static LoRaWanUplink? ParseTts(JsonElement root, out Rejection? rejection)
    {
        rejection = null;
        if (!root.TryGetProperty("end_device_ids", out var ids) || !ids.TryGetProperty("dev_eui", out var eui) || eui.ValueKind != JsonValueKind.String)
        {
            rejection = new(RejectReason.MissingField, "'end_device_ids.dev_eui' is required");
            return null;
        }
        if (!TryDevEui("end_device_ids.dev_eui", eui, out var devEui, out rejection))
        {
            return null;
        }
        if (!root.TryGetProperty("uplink_message", out var up) || up.ValueKind != JsonValueKind.Object)
        {
            rejection = new(RejectReason.MissingField, "'uplink_message' is required");
            return null;
        }
        // TTS leaves out zero and empty fields: a missing f_cnt is 0, a missing f_port is 0.
        var fPort = up.TryGetProperty("f_port", out var p) ? p.GetInt32() : 0;
        if (!TryFCnt(up, "f_cnt", out var fCnt, out rejection))
        {
            return null;
        }
        var time = Time(up, "received_at") ?? Time(root, "received_at");
        var bytes = up.TryGetProperty("frm_payload", out var frm) && frm.ValueKind == JsonValueKind.String ? Convert.FromBase64String(frm.GetString()!) : null;
        JsonElement? decoded = up.TryGetProperty("decoded_payload", out var d) && d.ValueKind == JsonValueKind.Object ? d.Clone() : null;
        RadioInfo? radio = null;
        if (up.TryGetProperty("rx_metadata", out var rx) && rx.ValueKind == JsonValueKind.Array)
        {
            radio = Best(rx.EnumerateArray().Select(g => new RadioInfo(
                g.TryGetProperty("gateway_ids", out var gi) ? GatewayId(gi, "gateway_id") : null,
                Number(g, "rssi") ?? Number(g, "channel_rssi"),
                Number(g, "snr"))));
        }
        var deviceId = ids.TryGetProperty("device_id", out var did) && did.ValueKind == JsonValueKind.String ? did.GetString() : null;
        return new LoRaWanUplink(UplinkFormat.TheThingsStack, devEui, fPort, fCnt, time, bytes, decoded, radio, deviceId);
    }

    private static LoRaWanUplink? ParseChirpStack(JsonElement root, out Rejection? rejection)
    {
        rejection = null;
        if (!root.TryGetProperty("deviceInfo", out var info) || !info.TryGetProperty("devEui", out var eui) || eui.ValueKind != JsonValueKind.String)
        {
            rejection = new(RejectReason.MissingField, "'deviceInfo.devEui' is required");
            return null;
        }
        if (!TryDevEui("deviceInfo.devEui", eui, out var devEui, out rejection))
        {
            return null;
        }
        // ChirpStack JSON is protobuf's mapping: defaults (0, empty) are left out.
        var fPort = root.TryGetProperty("fPort", out var p) ? p.GetInt32() : 0;
        if (!TryFCnt(root, "fCnt", out var fCnt, out rejection))
        {
            return null;
        }
        var time = Time(root, "time");
        var bytes = root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.String ? Convert.FromBase64String(data.GetString()!) : null;
        JsonElement? decoded = root.TryGetProperty("object", out var o) && o.ValueKind == JsonValueKind.Object ? o.Clone() : null;
        RadioInfo? radio = null;
        if (root.TryGetProperty("rxInfo", out var rx) && rx.ValueKind == JsonValueKind.Array)
        {
            radio = Best(rx.EnumerateArray().Select(g => new RadioInfo(GatewayId(g, "gatewayId"), Number(g, "rssi"), Number(g, "snr"))));
        }
        return new LoRaWanUplink(UplinkFormat.ChirpStack, devEui, fPort, fCnt, time, bytes, decoded, radio);
    }

    /// <summary>A DevEUI is 16 hex digits (the wire contract); anything else is refused before it reaches a lookup or a log.</summary>
    private static bool TryDevEui(string field, JsonElement element, out string devEui, out Rejection? rejection)
    {
        devEui = element.GetString()!;
        rejection = null;
        if (devEui.Length == 16 && devEui.All(char.IsAsciiHexDigit))
        {
            return true;
        }
        rejection = new(RejectReason.WrongType, $"'{field}' must be 16 hex digits, not \"{LogText.Safe(devEui, 40)}\"");
        return false;
    }

    /// <summary>The frame counter, 0 when the network server left it out (its default); refused outside 0 … 2^32 − 1.</summary>
    private static bool TryFCnt(JsonElement parent, string field, out long fCnt, out Rejection? rejection)
    {
        fCnt = parent.TryGetProperty(field, out var c) ? c.GetInt64() : 0;
        rejection = null;
        if (fCnt is >= 0 and <= MaxFCnt)
        {
            return true;
        }
        rejection = new(RejectReason.OutOfRange, $"'{field}' = {fCnt} is not a LoRaWAN frame counter (0 … 2^32 − 1)");
        return false;
    }

    /// <summary>
    /// The gateway that heard the uplink: metadata, so a strange id does not cost the reading. Control characters
    /// are escaped (a NUL would make the reading unstorable in PostgreSQL) and the length bounded; an id that is not
    /// valid text (half a surrogate pair) is kept as its JSON escapes.
    /// </summary>
    private static string? GatewayId(JsonElement parent, string field)
    {
        if (!parent.TryGetProperty(field, out var id) || id.ValueKind != JsonValueKind.String)
        {
            return null;
        }
        string text;
        try
        {
            text = id.GetString()!;
        }
        catch (InvalidOperationException)
        {
            text = id.GetRawText()[1..^1];
        }
        return text.Length == 0 ? null : LogText.Safe(text, MaxGatewayIdLength);
    }

    /// <summary>The reading an uplink carries for <paramref name="device"/>: decoded payload first, else our codec.</summary>
    public static Reading? ToReading(DeviceInfo device, LoRaWanUplink up, DateTimeOffset now, IngestionLimits limits, out Rejection? rejection)
    {
        rejection = null;
        var ts = up.Time ?? now;
        Reading? reading;
        if (up.Decoded is { } decoded)
        {
            try
            {
                reading = FromDecoded(device.Kind, decoded, ts, up.FCnt, now, limits, out rejection);
            }
            catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
            {
                // A name in the decoded payload that is not valid text (half a surrogate pair).
                rejection = new(RejectReason.WrongType, $"decoded payload: {LogText.Safe(ex.Message, 120)}");
                return null;
            }
        }
        else if (up.Payload is { } bytes)
        {
            reading = FromBytes(device, bytes, ts, up.FCnt, now, limits, out rejection);
        }
        else
        {
            rejection = new(RejectReason.MissingField, "the uplink has neither a decoded payload nor raw payload bytes");
            return null;
        }
        return reading is null ? null : reading with { Radio = up.Radio };
    }

    private static Reading? FromDecoded(DeviceKind kind, JsonElement decoded, DateTimeOffset ts, long fCnt, DateTimeOffset now, IngestionLimits limits, out Rejection? rejection)
    {
        // The network server's decoder speaks our wire names; give it the uplink's time and counter unless it
        // carries its own, and run it through the same validation as a native uplink.
        var o = JsonObject.Create(decoded)!.DeepClone().AsObject();
        o.TryAdd("ts", ts.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        o.TryAdd("seq", fCnt);
        if (kind == DeviceKind.EnvSensor && !o.ContainsKey("metrics"))
        {
            var metrics = new JsonObject();
            foreach (var (name, value) in o.ToList())
            {
                if (name is not ("ts" or "seq" or "battery_v") && value is JsonValue)
                {
                    o.Remove(name);
                    metrics[name] = value;
                }
            }
            o["metrics"] = metrics;
        }
        var bytes = JsonSerializer.SerializeToUtf8Bytes(o);
        return NativeDecoder.Decode(kind, new ReadOnlySequence<byte>(bytes), now, limits, out rejection);
    }

    private static Reading? FromBytes(DeviceInfo device, byte[] bytes, DateTimeOffset ts, long fCnt, DateTimeOffset now, IngestionLimits limits, out Rejection? rejection)
    {
        rejection = null;
        ImmutableDictionary<string, double> values;
        string? state = null;
        string? error;
        var ok = device.Profile.Codec == "cayenne-lpp"
            ? CayenneLpp.TryDecode(bytes, device.Profile.Channels, out values, out error)
            : TwinCodec.TryDecode(device.Kind, bytes, out values, out state, out error);
        if (!ok)
        {
            rejection = new(RejectReason.WrongType, $"{device.Profile.Codec} payload: {error}");
            return null;
        }
        if (values.Count > NativeDecoder.MaxMetrics)
        {
            rejection = new(RejectReason.OutOfRange, $"at most {NativeDecoder.MaxMetrics} metrics; the frame carries {values.Count}");
            return null;
        }
        foreach (var (name, value) in values)
        {
            if (!NativeDecoder.InRange(name, value, out rejection))
            {
                return null;
            }
        }
        if (!NativeDecoder.TsAcceptable(ts, now, limits, out rejection))
        {
            return null;
        }
        if (device.Kind == DeviceKind.ChildTracker && !(values.ContainsKey("lat") && values.ContainsKey("lon")))
        {
            rejection = new(RejectReason.MissingField, "a child tracker's frame must carry a position");
            return null;
        }
        return new Reading(ts, fCnt, values, state);
    }

    private static RadioInfo? Best(IEnumerable<RadioInfo> gateways) =>
        gateways.OrderByDescending(g => g.Rssi ?? double.MinValue).FirstOrDefault();

    private static double? Number(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    private static DateTimeOffset? Time(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(v.GetString(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out var t) ? t : null;
}
