using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Twin.Catalog;
using Twin.Codecs;
using Twin.Grains.Abstractions;

namespace Twin.Simulator;

/// <summary>
/// Writes readings in the three wire forms of the contract: native JSON, The Things Stack v3 uplinks and
/// ChirpStack v4 uplink events, the LoRaWAN ones carrying our binary codec (fPort 2) or Cayenne LPP (fPort 1)
/// bytes exactly as a device would send them.
/// </summary>
internal sealed class UplinkFormatter(TwinCatalog catalog, SimulatorOptions options, ulong seed)
{
    private static readonly TimeSpan Jst = CityWeather.Jst;

    // Field order on the wire, per kind (a reading's dictionary has none).
    private static readonly Dictionary<DeviceKind, string[]> FieldOrder = new()
    {
        [DeviceKind.RiverGauge] = ["level_m", "battery_v"],
        [DeviceKind.SnowPump] = ["pressure_mpa", "battery_v"],
        [DeviceKind.BridgeJoint] = ["gap_mm", "accel_g", "battery_v"],
        [DeviceKind.ChildTracker] = ["lat", "lon", "battery_pct"],
    };

    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;

    /// <summary>The TTS application of a kind (one application per kind, as the city's console groups them).</summary>
    public static string TtsApplication(DeviceKind kind) => kind switch
    {
        DeviceKind.RiverGauge => "toyama-water",
        DeviceKind.SnowPump => "toyama-snow",
        DeviceKind.BridgeJoint => "toyama-bridges",
        DeviceKind.ChildTracker => "toyama-mimamori",
        _ => "toyama-env",
    };

    /// <summary>The ChirpStack application id of a kind: a fixed UUID (ChirpStack names applications by UUID).</summary>
    public static string ChirpStackApplicationId(DeviceKind kind)
    {
        var a = Mix.Of("chirpstack-app/" + kind.ToWire());
        var b = Mix.Hash(a, 1);
        Span<byte> bytes = stackalloc byte[16];
        BitConverter.TryWriteBytes(bytes, a);
        BitConverter.TryWriteBytes(bytes[8..], b);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4 layout, so it looks like what ChirpStack issues
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes).ToString();
    }

    /// <summary>The fPort a device's uplinks use: Cayenne LPP on 1 for environment sensors, our codec on 2 for the rest.</summary>
    public static int PortOf(DeviceInfo device) => device.Kind == DeviceKind.EnvSensor ? TwinCodec.LppPort : TwinCodec.UplinkPort;

    /// <summary>The LoRaWAN frame payload (FRMPayload) of a reading.</summary>
    public static byte[] FramePayload(DeviceInfo device, Reading reading)
    {
        if (device.Kind != DeviceKind.EnvSensor)
        {
            return TwinCodec.Encode(device.Kind, reading);
        }
        var frame = new List<byte>(device.Profile.Channels.Count * 4);
        foreach (var (channel, name) in device.Profile.Channels.OrderBy(c => c.Key))
        {
            if (reading.Get(name) is not { } value)
            {
                continue;
            }
            switch (LppTypeOf(name))
            {
                case LppType.Temperature:
                    CayenneLpp.Temperature(frame, (byte)channel, value);
                    break;
                case LppType.Humidity:
                    CayenneLpp.Humidity(frame, (byte)channel, value);
                    break;
                default:
                    CayenneLpp.Analog(frame, (byte)channel, value);
                    break;
            }
        }
        return [.. frame];
    }

    /// <summary>Rounds a metric to what its Cayenne LPP type carries, so native and LoRaWAN forms say the same.</summary>
    public static double RoundForLpp(string name, double value) => LppTypeOf(name) switch
    {
        LppType.Temperature => Math.Clamp(Math.Round(value, 1), -3276.8, 3276.7),
        LppType.Humidity => Math.Clamp(Math.Round(value * 2, MidpointRounding.AwayFromZero) / 2, 0, 127.5),
        _ => Math.Clamp(Math.Round(value, 2), -327.68, 327.67),
    };

    public Uplink Format(DeviceInfo device, Reading reading, UplinkFormat format) => format switch
    {
        UplinkFormat.Tts => new Uplink(device, reading, format,
            $"v3/{TtsApplication(device.Kind)}@{options.TtsTenant}/devices/{device.Id}/up", Tts(device, reading, out var ttsRadio), ttsRadio),
        UplinkFormat.ChirpStack => new Uplink(device, reading, format,
            $"application/{ChirpStackApplicationId(device.Kind)}/device/{device.DevEui.ToLowerInvariant()}/event/up",
            ChirpStack(device, reading, out var csRadio), csRadio),
        _ => new Uplink(device, reading, UplinkFormat.Native, $"toyama/{device.Kind.ToWire()}/{device.Id}/up", Native(device, reading), null),
    };

    private static byte[] Native(DeviceInfo device, Reading reading) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("ts", IsoJst(reading.Ts));
        w.WriteNumber("seq", reading.Seq);
        if (device.Kind == DeviceKind.EnvSensor)
        {
            w.WriteStartObject("metrics");
            WriteMetrics(w, device, reading);
            w.WriteEndObject();
        }
        else
        {
            if (reading.State is { } state)
            {
                w.WriteString("state", state);
            }
            WriteFields(w, device.Kind, reading);
        }
        w.WriteEndObject();
    });

    private byte[] Tts(DeviceInfo device, Reading reading, out RadioInfo radio)
    {
        var r = radio = Radio(device, reading);
        var at = IsoUtc(reading.Ts);
        return Write(w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("end_device_ids");
            w.WriteString("device_id", device.Id);
            w.WriteStartObject("application_ids");
            w.WriteString("application_id", TtsApplication(device.Kind));
            w.WriteEndObject();
            w.WriteString("dev_eui", device.DevEui.ToUpperInvariant());
            w.WriteString("join_eui", "0000000000000000");
            w.WriteString("dev_addr", DevAddr(device));
            w.WriteEndObject();
            w.WriteStartArray("correlation_ids");
            w.WriteStringValue($"as:up:{Id(device, reading):N}");
            w.WriteEndArray();
            w.WriteString("received_at", at);
            w.WriteStartObject("uplink_message");
            w.WriteNumber("f_port", PortOf(device));
            w.WriteNumber("f_cnt", FCnt(reading));
            w.WriteBase64String("frm_payload", FramePayload(device, reading));
            if (options.TtsDecodedPayload && device.Kind != DeviceKind.EnvSensor)
            {
                // What a TTS payload formatter running our codec would emit (env sensors' LPP has none: TTS's own LPP names differ from ours).
                w.WriteStartObject("decoded_payload");
                if (reading.State is { } state)
                {
                    w.WriteString("state", state);
                }
                WriteFields(w, device.Kind, reading);
                w.WriteEndObject();
            }
            w.WriteStartArray("rx_metadata");
            w.WriteStartObject();
            w.WriteStartObject("gateway_ids");
            w.WriteString("gateway_id", r.Gateway);
            w.WriteEndObject();
            w.WriteString("time", at);
            w.WriteNumber("rssi", r.Rssi!.Value);
            w.WriteNumber("channel_rssi", r.Rssi!.Value);
            w.WriteNumber("snr", r.Snr!.Value);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteStartObject("settings");
            w.WriteStartObject("data_rate");
            w.WriteStartObject("lora");
            w.WriteNumber("bandwidth", 125000);
            w.WriteNumber("spreading_factor", SpreadingFactor(r));
            w.WriteString("coding_rate", "4/5");
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteString("frequency", Frequency(device, reading).ToString(CultureInfo.InvariantCulture)); // TTS writes 64-bit numbers as strings
            w.WriteEndObject();
            w.WriteString("received_at", at);
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    private byte[] ChirpStack(DeviceInfo device, Reading reading, out RadioInfo radio)
    {
        var r = radio = Radio(device, reading);
        return Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("deduplicationId", Id(device, reading).ToString());
            w.WriteString("time", reading.Ts.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffffzzz", CultureInfo.InvariantCulture));
            w.WriteStartObject("deviceInfo");
            w.WriteString("tenantName", options.ChirpStackTenant);
            w.WriteString("applicationId", ChirpStackApplicationId(device.Kind));
            w.WriteString("applicationName", TtsApplication(device.Kind));
            w.WriteString("deviceProfileName", device.Profile.Codec);
            w.WriteString("deviceName", device.Id);
            w.WriteString("devEui", device.DevEui.ToLowerInvariant());
            w.WriteStartObject("tags");
            w.WriteString("district", device.District);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteString("devAddr", DevAddr(device).ToLowerInvariant());
            w.WriteBoolean("adr", true);
            w.WriteNumber("dr", 12 - SpreadingFactor(r)); // AS923: DR0 = SF12 … DR5 = SF7
            w.WriteNumber("fCnt", FCnt(reading));
            w.WriteNumber("fPort", PortOf(device));
            w.WriteBase64String("data", FramePayload(device, reading));
            w.WriteStartArray("rxInfo");
            w.WriteStartObject();
            // ChirpStack names gateways by EUI; the twin's catalog names them gw-…, so the id it can match is sent.
            w.WriteString("gatewayId", r.Gateway);
            w.WriteNumber("rssi", (int)r.Rssi!.Value);
            w.WriteNumber("snr", r.Snr!.Value);
            w.WriteString("crcStatus", "CRC_OK");
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteStartObject("txInfo");
            w.WriteNumber("frequency", Frequency(device, reading));
            w.WriteStartObject("modulation");
            w.WriteStartObject("lora");
            w.WriteNumber("bandwidth", 125000);
            w.WriteNumber("spreadingFactor", SpreadingFactor(r));
            w.WriteString("codeRate", "CR_4_5");
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    private static void WriteFields(Utf8JsonWriter w, DeviceKind kind, Reading reading)
    {
        foreach (var name in FieldOrder[kind])
        {
            if (reading.Get(name) is { } value)
            {
                w.WriteNumber(name, value);
            }
        }
    }

    private static void WriteMetrics(Utf8JsonWriter w, DeviceInfo device, Reading reading)
    {
        foreach (var (_, name) in device.Profile.Channels.OrderBy(c => c.Key))
        {
            if (reading.Get(name) is { } value)
            {
                w.WriteNumber(name, value);
            }
        }
    }

    /// <summary>What the nearest gateway hears: weaker with distance (log-distance path loss), a few dB of fading per frame.</summary>
    private RadioInfo Radio(DeviceInfo device, Reading reading)
    {
        var gatewayId = device.Gateway ?? catalog.Gateways[0].Id;
        var distance = 500.0;
        if (catalog.TryGetGateway(gatewayId, out var gateway))
        {
            var north = (gateway.Position.Lat - device.Position.Lat) * 111_195;
            var east = (gateway.Position.Lon - device.Position.Lon) * 111_195 * Math.Cos(device.Position.Lat * Math.PI / 180);
            distance = Math.Max(50, Math.Sqrt(north * north + east * east));
        }
        var fade = Mix.Gaussish(Mix.Hash(seed, Mix.Of(device.Id), (ulong)reading.Seq));
        var rssi = Math.Clamp(Math.Round(-68 - 28 * Math.Log10(distance / 50) + 3 * fade), -125, -40);
        var snr = Math.Clamp(Math.Round((rssi + 112) / 2.5 * 4) / 4, -15, 12);
        return new RadioInfo(gatewayId, rssi, snr);
    }

    private static int SpreadingFactor(RadioInfo r) => r.Rssi switch
    {
        > -100 => 7,
        > -108 => 8,
        > -113 => 9,
        > -118 => 10,
        _ => 11,
    };

    // AS923-1 channels 923.2 and 923.4 MHz, hopping per frame.
    private static long Frequency(DeviceInfo device, Reading reading) => (reading.Seq + device.Id.Length) % 2 == 0 ? 923_200_000 : 923_400_000;

    /// <summary>LoRaWAN's frame counter is 16 bits on the air (32 with the MSBs the server tracks): the seq modulo 2^16.</summary>
    private static long FCnt(Reading reading) => reading.Seq & 0xFFFF;

    private string DevAddr(DeviceInfo device) =>
        "27" + (Mix.Hash(seed, Mix.Of(device.Id), 0x41444452) & 0xFFFFFF).ToString("X6", CultureInfo.InvariantCulture);

    private Guid Id(DeviceInfo device, Reading reading)
    {
        Span<byte> bytes = stackalloc byte[16];
        var a = Mix.Hash(seed, Mix.Of(device.Id), (ulong)reading.Seq);
        BitConverter.TryWriteBytes(bytes, a);
        BitConverter.TryWriteBytes(bytes[8..], Mix.Hash(a, (ulong)reading.Ts.UtcTicks));
        return new Guid(bytes);
    }

    /// <summary>ISO-8601 in Japan time with its offset, as the native contract asks (<c>2026-07-12T14:40:11.204+09:00</c>).</summary>
    public static string IsoJst(DateTimeOffset ts) => ts.ToOffset(Jst).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);

    private static string IsoUtc(DateTimeOffset ts) => ts.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }
        return buffer.WrittenSpan.ToArray();
    }

    internal enum LppType
    {
        Analog,
        Temperature,
        Humidity,
    }

    internal static LppType LppTypeOf(string metric) =>
        metric.EndsWith("_temp_c", StringComparison.Ordinal) ? LppType.Temperature
        : metric == "humidity_pct" ? LppType.Humidity
        : LppType.Analog;
}
