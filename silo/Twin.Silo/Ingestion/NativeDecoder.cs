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

    /// <summary>Physically possible ranges of each numeric field, by wire name.</summary>
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
            return Decode(kind, doc.RootElement, now, limits, out rejection);
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
            rejection = new(RejectReason.MalformedJson, $"not JSON: {ex.Message}");
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
                rejection = new(RejectReason.UnknownState, $"'state' must be one of {string.Join(", ", SnowPumpRules.States.Order())}");
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
                rejection = new(RejectReason.WrongType, $"metric name '{Truncate(m.Name)}' must be lower_snake_case");
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
            rejection = new(RejectReason.WrongType, $"'{Truncate(name)}' must be a number");
            return false;
        }
        return InRange(name, value, out rejection);
    }

    private static string Truncate(string s) => s.Length <= 40 ? s : s[..40] + "…";
}

/// <summary>The limits a decoder checks, from <c>Twin:Ingestion</c>.</summary>
public sealed record IngestionLimits(int MaxPayloadBytes, TimeSpan MaxFutureSkew, TimeSpan MaxAge);
