using System.ComponentModel.DataAnnotations;

namespace Twin.Simulator;

/// <summary>Options of the device fleet simulator (<c>Twin:Simulator</c> in the silo, command-line flags in the console).</summary>
public sealed class SimulatorOptions
{
    /// <summary>Runs the simulator inside the silo (default false; the console ignores it).</summary>
    public bool Enabled { get; set; }

    /// <summary>Demo (default), Real or Fixed.</summary>
    public Cadence Cadence { get; set; } = Cadence.Demo;

    /// <summary>Native (default), Tts, ChirpStack or Mixed.</summary>
    public UplinkFormat Format { get; set; } = UplinkFormat.Native;

    /// <summary>Messages per second across the fleet in the Fixed cadence (default 1000).</summary>
    [Range(0.001, 10_000_000)] public double Rate { get; set; } = 1000;

    /// <summary>Seed of every random choice; the same seed and clock give the same readings (default 1).</summary>
    public ulong Seed { get; set; } = 1;

    /// <summary>Seconds in which the demo cadence reaches every sending device once (default 60).</summary>
    [Range(1, 86_400)] public int DemoPeriodS { get; set; } = 60;

    /// <summary>Broker host; in the silo, empty means the silo's own broker (default empty → 127.0.0.1).</summary>
    public string? Host { get; set; }

    /// <summary>Broker port; in the silo, 0 means <c>Twin:Mqtt:Port</c> (default 0 → 1883).</summary>
    [Range(0, 65535)] public int Port { get; set; }

    /// <summary>Broker user name, when the broker wants one.</summary>
    public string? Username { get; set; }

    /// <summary>Broker password, when the broker wants one (configuration or environment; the console reads <c>TWIN_MQTT_PASSWORD</c> or <c>--password-file</c>).</summary>
    public string? Password { get; set; }

    /// <summary>One connection per device, signed in with its derived key (needs <see cref="DeviceKeySecret"/>; default false: a fleet account over <see cref="Connections"/>).</summary>
    public bool PerDevice { get; set; }

    /// <summary>The twin's device key secret, for <see cref="PerDevice"/> (the console reads <c>TWIN_MQTT_DEVICE_KEY_SECRET</c> or <c>--device-key-secret-file</c>).</summary>
    public string? DeviceKeySecret { get; set; }

    /// <summary>MQTT QoS of uplinks: 1 (default, PUBACKs counted) or 0.</summary>
    [Range(0, 1)] public int Qos { get; set; } = 1;

    /// <summary>MQTT connections the fleet is spread over (a device always uses the same one; default 1).</summary>
    [Range(1, 1024)] public int Connections { get; set; } = 1;

    /// <summary>QoS 1 publishes awaiting their PUBACK per connection (default 256).</summary>
    [Range(1, 65_535)] public int MaxInFlight { get; set; } = 256;

    /// <summary>Stop after this long; run until cancelled when null.</summary>
    public TimeSpan? Duration { get; set; }

    /// <summary>Stop after this many messages; unlimited when null.</summary>
    public long? Count { get; set; }

    /// <summary>Synthetic devices the console loads its catalog with (the silo uses its own catalog).</summary>
    [Range(0, 5_000_000)] public int SyntheticDevices { get; set; }

    /// <summary>
    /// Child trackers without a recorded consent that send anyway, at a tenth of the cadence, so the twin's
    /// rejection path (PUBACK 0x87) is visible (default 2; 0 sends from consenting children only).
    /// </summary>
    [Range(0, 10_000)] public int NonConsentingSenders { get; set; } = 2;

    /// <summary>TTS uplinks of our binary-codec devices carry <c>decoded_payload</c>, as with a payload formatter (default true).</summary>
    public bool TtsDecodedPayload { get; set; } = true;

    /// <summary>TTS tenant of the city's applications (default <c>toyama</c>).</summary>
    public string TtsTenant { get; set; } = "toyama";

    /// <summary>ChirpStack tenant name (default <c>Toyama City</c>).</summary>
    public string ChirpStackTenant { get; set; } = "Toyama City";
}
