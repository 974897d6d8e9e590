using System.Buffers.Binary;
using System.Collections.Immutable;

namespace Twin.Codecs;

/// <summary>
/// Cayenne LPP: frames of [channel][type][value], big-endian, type = IPSO object id − 3200. Values are named by
/// the device profile's channel names; an unnamed channel becomes <c>{type}_{channel}</c> (e.g. <c>temperature_5</c>);
/// types with several values add a suffix (<c>_x</c>, <c>_lat</c>, …).
/// </summary>
public static class CayenneLpp
{
    /// <summary>An LPP data type: its name, size in bytes, and how its bytes become named values.</summary>
    private sealed record LppType(string Name, int Size, Func<ReadOnlySpan<byte>, (string Suffix, double Value)[]> Read);

    private static readonly ImmutableDictionary<byte, LppType> Types = new Dictionary<byte, LppType>
    {
        [0] = new("digital_input", 1, b => [("", b[0])]),
        [1] = new("digital_output", 1, b => [("", b[0])]),
        [2] = new("analog_input", 2, b => [("", I16(b) / 100.0)]),
        [3] = new("analog_output", 2, b => [("", I16(b) / 100.0)]),
        [101] = new("illuminance", 2, b => [("", U16(b))]),
        [102] = new("presence", 1, b => [("", b[0])]),
        [103] = new("temperature", 2, b => [("", I16(b) / 10.0)]),
        [104] = new("humidity", 1, b => [("", b[0] / 2.0)]),
        [113] = new("accelerometer", 6, b => [("_x", I16(b) / 1000.0), ("_y", I16(b[2..]) / 1000.0), ("_z", I16(b[4..]) / 1000.0)]),
        [115] = new("barometer", 2, b => [("", U16(b) / 10.0)]),
        [134] = new("gyrometer", 6, b => [("_x", I16(b) / 100.0), ("_y", I16(b[2..]) / 100.0), ("_z", I16(b[4..]) / 100.0)]),
        [136] = new("gps", 9, b => [("_lat", I24(b) / 10_000.0), ("_lon", I24(b[3..]) / 10_000.0), ("_alt_m", I24(b[6..]) / 100.0)]),
    }.ToImmutableDictionary();

    /// <summary>Decodes a frame; false with a reason on an unknown type, a truncated value or a value named twice.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> frame, IReadOnlyDictionary<int, string> channelNames,
        out ImmutableDictionary<string, double> values, out string? error)
    {
        var result = ImmutableDictionary.CreateBuilder<string, double>(StringComparer.Ordinal);
        values = ImmutableDictionary<string, double>.Empty;
        error = null;
        var i = 0;
        while (i < frame.Length)
        {
            if (frame.Length - i < 2)
            {
                error = $"truncated LPP header at byte {i}";
                return false;
            }
            var channel = frame[i];
            var typeId = frame[i + 1];
            if (!Types.TryGetValue(typeId, out var type))
            {
                error = $"unknown LPP type {typeId} on channel {channel}";
                return false;
            }
            if (frame.Length - i - 2 < type.Size)
            {
                error = $"truncated LPP {type.Name} on channel {channel}";
                return false;
            }
            var name = channelNames.TryGetValue(channel, out var n) ? n : $"{type.Name}_{channel}";
            foreach (var (suffix, value) in type.Read(frame.Slice(i + 2, type.Size)))
            {
                // A channel sent twice (or a named channel under two types) would leave one value silently taken for the other.
                if (!result.TryAdd(name + suffix, Math.Round(value, 6)))
                {
                    error = $"'{name}{suffix}' appears twice (channel {channel})";
                    return false;
                }
            }
            i += 2 + type.Size;
        }
        values = result.ToImmutable();
        return true;
    }

    /// <summary>Encodes a temperature (0.1 °C).</summary>
    public static void Temperature(List<byte> frame, byte channel, double celsius) => Put16(frame, channel, 103, (short)Math.Round(celsius * 10));

    /// <summary>Encodes an analog input (0.01, signed).</summary>
    public static void Analog(List<byte> frame, byte channel, double value) => Put16(frame, channel, 2, (short)Math.Round(value * 100));

    /// <summary>Encodes a relative humidity (0.5 %).</summary>
    public static void Humidity(List<byte> frame, byte channel, double percent)
    {
        frame.Add(channel);
        frame.Add(104);
        frame.Add((byte)Math.Clamp(Math.Round(percent * 2), 0, 255));
    }

    private static void Put16(List<byte> frame, byte channel, byte type, short value)
    {
        frame.Add(channel);
        frame.Add(type);
        frame.Add((byte)(value >> 8));
        frame.Add((byte)value);
    }

    private static short I16(ReadOnlySpan<byte> b) => BinaryPrimitives.ReadInt16BigEndian(b);

    private static ushort U16(ReadOnlySpan<byte> b) => BinaryPrimitives.ReadUInt16BigEndian(b);

    private static int I24(ReadOnlySpan<byte> b)
    {
        var v = (b[0] << 16) | (b[1] << 8) | b[2];
        return (v & 0x800000) != 0 ? v - 0x1000000 : v;
    }
}
