using System.Buffers;
using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Twin.Grains.Abstractions;
using Twin.Grains.Rules;

namespace Twin.Silo.Ingestion;

/// <summary>Decodes and validates native uplinks (<c>toyama/{kind}/{id}/up</c>, JSON) into readings. Plain C#.</summary>
public static partial class NativeDecoder
{
    /// <summary>Largest seq the contract allows (2^53, the largest integer a JSON number holds exactly).</summary>
    public const long MaxSeq = 1L << 53;

    /// <summary>Physically possible ranges of each numeric field and environment metric, by wire name.</summary>
    /// <remarks>The metrics are the channels the catalog's environment profiles name; a value outside its range is a
    /// broken sensor or a forged message, and taken it would drive rules (a snowfall of 1e300 cm/h starts pumps).</remarks>
    public static readonly ImmutableDictionary<string, (double Min, double Max)> Ranges = new Dictionary<string, (double, double)>
    {
        ["level_m"] = (-20, 100),
        ["battery_v"] = (0, 24),
        ["pressure_mpa"] = (0, 10),
        ["gap_mm"] = (-100, 1000),
        ["accel_g"] = (-50, 50),
        ["lat"] = (20, 46),
        ["lon"] = (122, 154),
        ["battery_pct"] = (0, 100),
        // Weather stations: well past any weather Japan has seen, so only a broken sensor or a forged message falls outside.
        ["air_temp_c"] = (-50, 60),
        ["precipitation_mm_h"] = (0, 300),
        ["snowfall_cm_h"] = (0, 100),
        ["humidity_pct"] = (0, 100),
        // Paddies, soil and the bay's buoys.
        ["water_level_cm"] = (-50, 200),
        ["water_temp_c"] = (-5, 50),
        ["salinity_psu"] = (0, 45),
        ["soil_moisture_pct"] = (0, 100),
        ["soil_temp_c"] = (-30, 70),
        ["soil_ec_ds_m"] = (0, 20),
        // People counters at the station: people an interval.
        ["people_in"] = (0, 100_000),
        ["people_out"] = (0, 100_000),
    }.ToImmutableDictionary();

    private static readonly ImmutableDictionary<DeviceKind, (string[] Required, string[] Optional)> Fields = new Dictionary<DeviceKind, (string[], string[])>
    {
        [DeviceKind.RiverGauge] = (["level_m"], ["battery_v"]),
        [DeviceKind.SnowPump] = ([], ["pressure_mpa", "battery_v"]),
        [DeviceKind.BridgeJoint] = (["gap_mm"], ["accel_g", "battery_v"]),
        [DeviceKind.ChildTracker] = (["lat", "lon"], ["battery_pct"]),
        [DeviceKind.EnvSensor] = ([], ["battery_v"]),
    }.ToImmutableDictionary();

    /// <summary>Most metrics an environment reading may carry.</summary>
    public const int MaxMetrics = 32;

    [GeneratedRegex("^[a-z][a-z0-9_]{0,63}$")]
    private static partial Regex MetricName();

    /// <summary>Parses a native topic into kind and device id; false when the topic is not a native uplink.</summary>
    public static bool TryParseTopic(string topic, out string kindText, out string deviceId)
    {
        // toyama/{kind}/{id}/up, read in place: no array of parts for every uplink.
        kindText = deviceId = "";
        const string Prefix = "toyama/", Suffix = "/up";
        if (topic.Length < Prefix.Length + Suffix.Length + 2
            || !topic.StartsWith(Prefix, StringComparison.Ordinal) || !topic.EndsWith(Suffix, StringComparison.Ordinal))
        {
            return false;
        }
        var middle = topic.AsSpan(Prefix.Length, topic.Length - Prefix.Length - Suffix.Length);
        var slash = middle.IndexOf('/');
        if (slash < 0 || slash == middle.Length - 1 || middle[(slash + 1)..].Contains('/'))
        {
            return false;
        }
        kindText = middle[..slash].ToString();
        deviceId = middle[(slash + 1)..].ToString();
        return true;
    }

    /// <summary>Decodes a payload for a device of <paramref name="kind"/>; a rejection says exactly what was wrong.</summary>
    public static Reading? Decode(DeviceKind kind, ReadOnlySequence<byte> payload, DateTimeOffset now, IngestionLimits limits, out Rejection? rejection)
    {
        if (ParseJson(payload, limits.MaxPayloadBytes, out rejection) is not { } doc)
        {
            return null;
        }
        using (doc)
        {
            try
            {
                return Decode(kind, doc.RootElement, now, limits, out rejection);
            }
            catch (InvalidOperationException ex)
            {
                // JSON may escape half of a surrogate pair ("\ud800"), which no .NET string can read back.
                rejection = new(RejectReason.WrongType, $"a string in the payload is not valid text: {LogText.Safe(ex.Message, 120)}");
                return null;
            }
        }
    }

    /// <summary>Parses a JSON payload of at most <paramref name="maxBytes"/>; null with the rejection otherwise.</summary>
    public static JsonDocument? ParseJson(ReadOnlySequence<byte> payload, int maxBytes, out Rejection? rejection)
    {
        rejection = null;
        if (payload.Length > maxBytes)
        {
            rejection = new(RejectReason.PayloadTooLarge, $"payload of {payload.Length} bytes exceeds {maxBytes}");
            return null;
        }
        try
        {
            var reader = new Utf8JsonReader(payload);
            return JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException ex)
        {
            rejection = new(RejectReason.MalformedJson, $"not JSON: {LogText.Safe(ex.Message, 200)}");
            return null;
        }
    }

    private static Reading? Decode(DeviceKind kind, JsonElement root, DateTimeOffset now, IngestionLimits limits, out Rejection? rejection)
    {
        rejection = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            rejection = new(RejectReason.WrongType, "payload must be a JSON object");
            return null;
        }
        if (!TryTs(root, now, limits, out var ts, out rejection) || !TrySeq(root, out var seq, out rejection))
        {
            return null;
        }
        var values = ImmutableDictionary.CreateBuilder<string, double>(StringComparer.Ordinal);
        var (required, optional) = Fields[kind];
        foreach (var name in required)
        {
            if (!root.TryGetProperty(name, out var element))
            {
                rejection = new(RejectReason.MissingField, $"'{name}' is required for {kind.ToWire()}");
                return null;
            }
            if (!TryNumber(name, element, out var v, out rejection))
            {
                return null;
            }
            values[name] = v;
        }
        foreach (var name in optional)
        {
            if (root.TryGetProperty(name, out var element) && element.ValueKind != JsonValueKind.Null)
            {
                if (!TryNumber(name, element, out var v, out rejection))
                {
                    return null;
                }
                values[name] = v;
            }
        }
        string? state = null;
        if (kind == DeviceKind.SnowPump)
        {
            if (!root.TryGetProperty("state", out var s))
            {
                rejection = new(RejectReason.MissingField, "'state' is required for snow-pump");
                return null;
            }
            if (s.ValueKind != JsonValueKind.String)
            {
                rejection = new(RejectReason.WrongType, "'state' must be a string");
                return null;
            }
            state = s.GetString()!;
            if (!SnowPumpRules.States.Contains(state))
            {
                rejection = new(RejectReason.UnknownState, $"'state' \"{LogText.Safe(state, 40)}\" must be one of {string.Join(", ", SnowPumpRules.States.Order())}");
                return null;
            }
        }
        if (kind == DeviceKind.EnvSensor)
        {
            if (!root.TryGetProperty("metrics", out var metrics))
            {
                rejection = new(RejectReason.MissingField, "'metrics' is required for env-sensor");
                return null;
            }
            if (!TryMetrics(metrics, values, out rejection))
            {
                return null;
            }
        }
        return new Reading(ts, seq, values.ToImmutable(), state);
    }

    /// <summary>Validates a metrics object (<c>{name: number}</c>) into <paramref name="values"/>.</summary>
    public static bool TryMetrics(JsonElement metrics, ImmutableDictionary<string, double>.Builder values, out Rejection? rejection)
    {
        rejection = null;
        if (metrics.ValueKind != JsonValueKind.Object)
        {
            rejection = new(RejectReason.WrongType, "'metrics' must be an object of numbers");
            return false;
        }
        var n = 0;
        foreach (var m in metrics.EnumerateObject())
        {
            if (++n > MaxMetrics)
            {
                rejection = new(RejectReason.OutOfRange, $"at most {MaxMetrics} metrics");
                return false;
            }
            if (!MetricName().IsMatch(m.Name))
            {
                rejection = new(RejectReason.WrongType, $"metric name '{LogText.Safe(m.Name, 40)}' must be lower_snake_case");
                return false;
            }
            if (!TryNumber(m.Name, m.Value, out var v, out rejection))
            {
                return false;
            }
            values[m.Name] = v;
        }
        return true;
    }

    /// <summary>Checks a value against the physically possible range of its field.</summary>
    public static bool InRange(string name, double value, out Rejection? rejection)
    {
        rejection = null;
        if (!double.IsFinite(value))
        {
            rejection = new(RejectReason.NotFinite, $"'{name}' must be a finite number");
            return false;
        }
        if (Ranges.TryGetValue(name, out var r) && (value < r.Min || value > r.Max))
        {
            rejection = new(RejectReason.OutOfRange, $"'{name}' = {value.ToString(CultureInfo.InvariantCulture)} is outside [{r.Min.ToString(CultureInfo.InvariantCulture)}, {r.Max.ToString(CultureInfo.InvariantCulture)}]");
            return false;
        }
        return true;
    }

    /// <summary>Checks a reading's ts against the twin's clock.</summary>
    public static bool TsAcceptable(DateTimeOffset ts, DateTimeOffset now, IngestionLimits limits, out Rejection? rejection)
    {
        rejection = null;
        if (ts > now + limits.MaxFutureSkew)
        {
            rejection = new(RejectReason.TsInFuture, $"'ts' {ts:O} is ahead of the twin's clock by more than {limits.MaxFutureSkew.TotalSeconds:0} s");
            return false;
        }
        if (ts < now - limits.MaxAge)
        {
            rejection = new(RejectReason.TsTooOld, $"'ts' {ts:O} is older than {limits.MaxAge.TotalDays:0} days");
            return false;
        }
        return true;
    }

    private static bool TryTs(JsonElement root, DateTimeOffset now, IngestionLimits limits, out DateTimeOffset ts, out Rejection? rejection)
    {
        ts = default;
        rejection = null;
        if (!root.TryGetProperty("ts", out var t))
        {
            rejection = new(RejectReason.MissingField, "'ts' is required");
            return false;
        }
        if (t.ValueKind != JsonValueKind.String || !TryParseTs(t.GetString()!, out ts))
        {
            rejection = new(RejectReason.WrongType, "'ts' must be an ISO-8601 time with an offset");
            return false;
        }
        return TsAcceptable(ts, now, limits, out rejection);
    }

    /// <summary>Parses an ISO-8601 time that carries an offset (<c>Z</c> or <c>+09:00</c>).</summary>
    public static bool TryParseTs(string text, out DateTimeOffset ts)
    {
        ts = default;
        var hasOffset = text.EndsWith('Z') || text.EndsWith('z') || OffsetSuffix().IsMatch(text);
        return hasOffset && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out ts);
    }

    [GeneratedRegex(@"[+-]\d{2}:?\d{2}$")]
    private static partial Regex OffsetSuffix();

    private static bool TrySeq(JsonElement root, out long seq, out Rejection? rejection)
    {
        seq = 0;
        rejection = null;
        if (!root.TryGetProperty("seq", out var s))
        {
            rejection = new(RejectReason.MissingField, "'seq' is required");
            return false;
        }
        if (s.ValueKind != JsonValueKind.Number || !s.TryGetInt64(out seq))
        {
            rejection = new(RejectReason.WrongType, "'seq' must be an integer");
            return false;
        }
        if (seq < 0 || seq > MaxSeq)
        {
            rejection = new(RejectReason.OutOfRange, "'seq' must be between 0 and 2^53");
            return false;
        }
        return true;
    }

    private static bool TryNumber(string name, JsonElement element, out double value, out Rejection? rejection)
    {
        value = 0;
        rejection = null;
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetDouble(out value))
        {
            rejection = new(RejectReason.WrongType, $"'{LogText.Safe(name, 40)}' must be a number");
            return false;
        }
        return InRange(name, value, out rejection);
    }
}
