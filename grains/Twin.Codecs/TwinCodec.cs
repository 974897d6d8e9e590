using System.Buffers.Binary;
using System.Collections.Immutable;
using Twin.Grains.Abstractions;

namespace Twin.Codecs;

/// <summary>
/// Our compact binary uplinks (fPort 2), one layout per device kind, big-endian; trailing optional fields may be
/// left off (a shorter frame) or sent as their "absent" value. Documented with test vectors in docs/codecs.md.
/// <list type="bullet">
/// <item>river-gauge: level cm uint16, battery 10 mV uint16 (0xFFFF absent)</item>
/// <item>snow-pump: state uint8 (lamp index), pressure kPa uint16 (0xFFFF absent), battery 10 mV uint16</item>
/// <item>bridge-joint: gap 0.1 mm int16, acceleration mg int16 (0x7FFF absent), battery 10 mV uint16</item>
/// <item>child-tracker: lat int32 µdeg, lon int32 µdeg, battery % uint8 (0xFF absent)</item>
/// </list>
/// </summary>
public static class TwinCodec
{
    /// <summary>The fPort of our binary uplinks.</summary>
    public const int UplinkPort = 2;

    /// <summary>The fPort of Cayenne LPP uplinks (environment sensors).</summary>
    public const int LppPort = 1;

    /// <summary>The fPort of our downlink commands.</summary>
    public const int DownlinkPort = 10;

    /// <summary>The codec name a kind's profile carries.</summary>
    public static string CodecOf(DeviceKind kind) => kind switch
    {
        DeviceKind.EnvSensor => "cayenne-lpp",
        _ => "twin-" + kind.ToWire(),
    };

    /// <summary>Decodes a frame of <paramref name="kind"/>; false with a reason when it is malformed.</summary>
    public static bool TryDecode(DeviceKind kind, ReadOnlySpan<byte> f, out ImmutableDictionary<string, double> values, out string? state, out string? error)
    {
        var v = ImmutableDictionary.CreateBuilder<string, double>(StringComparer.Ordinal);
        values = ImmutableDictionary<string, double>.Empty;
        state = null;
        error = null;
        switch (kind)
        {
            case DeviceKind.RiverGauge:
                if (f.Length is not (2 or 4))
                {
                    error = "river-gauge frame is 2 or 4 bytes";
                    return false;
                }
                v["level_m"] = U16(f) / 100.0;
                Battery(f, 2, v);
                break;
            case DeviceKind.SnowPump:
                if (f.Length is not (1 or 3 or 5))
                {
                    error = "snow-pump frame is 1, 3 or 5 bytes";
                    return false;
                }
                if (f[0] >= PumpStates.All.Length)
                {
                    error = $"snow-pump state {f[0]} is not one of the seven lamps";
                    return false;
                }
                state = PumpStates.All[f[0]];
                if (f.Length >= 3 && U16(f[1..]) != 0xFFFF)
                {
                    v["pressure_mpa"] = U16(f[1..]) / 1000.0;
                }
                Battery(f, 3, v);
                break;
            case DeviceKind.BridgeJoint:
                if (f.Length is not (2 or 4 or 6))
                {
                    error = "bridge-joint frame is 2, 4 or 6 bytes";
                    return false;
                }
                v["gap_mm"] = I16(f) / 10.0;
                if (f.Length >= 4 && I16(f[2..]) != 0x7FFF)
                {
                    v["accel_g"] = I16(f[2..]) / 1000.0;
                }
                Battery(f, 4, v);
                break;
            case DeviceKind.ChildTracker:
                if (f.Length is not (8 or 9))
                {
                    error = "child-tracker frame is 8 or 9 bytes";
                    return false;
                }
                v["lat"] = BinaryPrimitives.ReadInt32BigEndian(f) / 1e6;
                v["lon"] = BinaryPrimitives.ReadInt32BigEndian(f[4..]) / 1e6;
                if (f.Length == 9 && f[8] != 0xFF)
                {
                    v["battery_pct"] = f[8];
                }
                break;
            default:
                error = $"{kind.ToWire()} speaks Cayenne LPP, not our binary codec";
                return false;
        }
        values = v.ToImmutable();
        return true;
    }

    /// <summary>Encodes a reading of <paramref name="kind"/> (the simulator's side of the codec).</summary>
    public static byte[] Encode(DeviceKind kind, Reading r)
    {
        var buffer = new byte[9];
        var s = buffer.AsSpan();
        switch (kind)
        {
            case DeviceKind.RiverGauge:
                BinaryPrimitives.WriteUInt16BigEndian(s, (ushort)Math.Clamp(Math.Round((r.Get("level_m") ?? 0) * 100), 0, 65535));
                BinaryPrimitives.WriteUInt16BigEndian(s[2..], BatteryRaw(r));
                return buffer[..4];
            case DeviceKind.SnowPump:
                s[0] = (byte)Math.Max(0, PumpStates.All.IndexOf(r.State ?? PumpStates.Stopped));
                BinaryPrimitives.WriteUInt16BigEndian(s[1..], r.Get("pressure_mpa") is { } p ? (ushort)Math.Clamp(Math.Round(p * 1000), 0, 65534) : (ushort)0xFFFF);
                BinaryPrimitives.WriteUInt16BigEndian(s[3..], BatteryRaw(r));
                return buffer[..5];
            case DeviceKind.BridgeJoint:
                BinaryPrimitives.WriteInt16BigEndian(s, (short)Math.Clamp(Math.Round((r.Get("gap_mm") ?? 0) * 10), short.MinValue, short.MaxValue));
                BinaryPrimitives.WriteInt16BigEndian(s[2..], r.Get("accel_g") is { } a ? (short)Math.Clamp(Math.Round(a * 1000), short.MinValue, 0x7FFE) : (short)0x7FFF);
                BinaryPrimitives.WriteUInt16BigEndian(s[4..], BatteryRaw(r));
                return buffer[..6];
            case DeviceKind.ChildTracker:
                BinaryPrimitives.WriteInt32BigEndian(s, (int)Math.Round((r.Get("lat") ?? 0) * 1e6));
                BinaryPrimitives.WriteInt32BigEndian(s[4..], (int)Math.Round((r.Get("lon") ?? 0) * 1e6));
                s[8] = r.Get("battery_pct") is { } pct ? (byte)Math.Clamp(Math.Round(pct), 0, 100) : (byte)0xFF;
                return buffer[..9];
            default:
                throw new ArgumentException($"{kind.ToWire()} speaks Cayenne LPP", nameof(kind));
        }
    }

    /// <summary>The lamp command of a bridge joint's on-site warning lamp: [0x01 lamp][0x01 on | 0x00 off].</summary>
    public static byte[] LampCommand(bool on) => [0x01, on ? (byte)0x01 : (byte)0x00];

    private static void Battery(ReadOnlySpan<byte> f, int at, ImmutableDictionary<string, double>.Builder v)
    {
        if (f.Length >= at + 2 && U16(f[at..]) != 0xFFFF)
        {
            v["battery_v"] = U16(f[at..]) / 100.0;
        }
    }

    private static ushort BatteryRaw(Reading r) =>
        r.Get("battery_v") is { } b ? (ushort)Math.Clamp(Math.Round(b * 100), 0, 65534) : (ushort)0xFFFF;

    private static ushort U16(ReadOnlySpan<byte> b) => BinaryPrimitives.ReadUInt16BigEndian(b);

    private static short I16(ReadOnlySpan<byte> b) => BinaryPrimitives.ReadInt16BigEndian(b);
}
