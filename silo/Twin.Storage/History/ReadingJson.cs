using System.Buffers;
using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using Twin.Grains.Abstractions;

namespace Twin.Storage.History;

/// <summary>Our compact JSON of a reading: <c>{"v":{field:number},"s":state,"r":{"g":…,"rssi":…,"snr":…},"o":offset minutes,"t":topic,"f":flag}</c>.</summary>
/// <remarks>Ts and seq live in their own columns; "o" keeps the offset the device sent, which timestamp columns drop.</remarks>
internal static class ReadingJson
{
    // One buffer and writer per thread, reused: every accepted reading is serialized once on the hot path.
    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;
    [ThreadStatic] private static Utf8JsonWriter? t_writer;

    public static string Serialize(Reading reading, TimeSpan tsOffset)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(256);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        writer.WriteStartObject();
        writer.WriteStartObject("v");
        foreach (var (field, value) in reading.Values)
        {
            if (!double.IsFinite(value))
            {
                throw new ArgumentException($"Reading field '{field}' is {value}; only finite numbers can be stored.", nameof(reading));
            }
            writer.WriteNumber(field, value);
        }
        writer.WriteEndObject();
        if (reading.State is { } state)
        {
            writer.WriteString("s", state);
        }
        if (reading.Radio is { } radio)
        {
            writer.WriteStartObject("r");
            if (radio.Gateway is { } gateway)
            {
                writer.WriteString("g", gateway);
            }
            WriteOptional(writer, "rssi", radio.Rssi);
            WriteOptional(writer, "snr", radio.Snr);
            writer.WriteEndObject();
        }
        if (tsOffset != TimeSpan.Zero)
        {
            writer.WriteNumber("o", (int)tsOffset.TotalMinutes);
        }
        if (reading.Source is { } source)
        {
            // The uplink topic: a replayed reading must still know which way its downlinks go.
            writer.WriteString("t", source);
        }
        if (reading.Flag is { } flag)
        {
            writer.WriteString("f", flag);
        }
        writer.WriteEndObject();
        writer.Flush();
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static Reading Deserialize(string json, DateTimeOffset tsUtc, long seq)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var values = ImmutableDictionary.CreateBuilder<string, double>(StringComparer.Ordinal);
        if (root.TryGetProperty("v", out var v))
        {
            foreach (var property in v.EnumerateObject())
            {
                values[property.Name] = property.Value.GetDouble();
            }
        }
        var state = root.TryGetProperty("s", out var s) ? s.GetString() : null;
        RadioInfo? radio = null;
        if (root.TryGetProperty("r", out var r))
        {
            radio = new RadioInfo(
                r.TryGetProperty("g", out var g) ? g.GetString() : null,
                r.TryGetProperty("rssi", out var rssi) ? rssi.GetDouble() : null,
                r.TryGetProperty("snr", out var snr) ? snr.GetDouble() : null);
        }
        var offset = root.TryGetProperty("o", out var o) ? TimeSpan.FromMinutes(o.GetInt32()) : TimeSpan.Zero;
        var source = root.TryGetProperty("t", out var t) ? t.GetString() : null;
        var flag = root.TryGetProperty("f", out var f) ? f.GetString() : null;
        return new Reading(tsUtc.ToOffset(offset), seq, values.ToImmutable(), state, radio) { Source = source, Flag = flag };
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, double? value)
    {
        if (value is { } number && double.IsFinite(number))
        {
            writer.WriteNumber(name, number);
        }
    }
}
