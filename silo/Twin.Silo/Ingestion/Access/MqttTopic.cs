namespace Twin.Silo.Ingestion.Access;

/// <summary>What a topic is to the twin.</summary>
public enum MqttTopicKind
{
    /// <summary>None of the twin's: test topics in the lab, refused otherwise.</summary>
    Other,

    /// <summary><c>toyama/{kind}/{deviceId}/up</c>.</summary>
    NativeUplink,

    /// <summary><c>toyama/{kind}/{deviceId}/down</c>.</summary>
    NativeDownlink,

    /// <summary>The Things Stack <c>v3/{app}@{tenant}/devices/{device}/up</c>.</summary>
    TtsUplink,

    /// <summary>The Things Stack <c>v3/{app}@{tenant}/devices/{device}/down/…</c>.</summary>
    TtsDownlink,

    /// <summary>ChirpStack <c>application/{app}/device/{devEui}/event/up</c>.</summary>
    ChirpStackUplink,

    /// <summary>ChirpStack <c>application/{app}/device/{devEui}/command/down</c>.</summary>
    ChirpStackDownlink,

    /// <summary><c>toyama/alarms/…</c>.</summary>
    Alarm,

    /// <summary><c>Twin:Mqtt:DeadLetterTopic</c>.</summary>
    DeadLetter,

    /// <summary>Any other topic of the twin's namespaces (<c>toyama/…</c>, <c>v3/…</c>, <c>application/…</c>, <c>$…</c>).</summary>
    Reserved,
}

/// <summary>A topic name taken apart: its kind and the segments rights depend on.</summary>
/// <param name="Kind">What it is.</param>
/// <param name="Owner">The device id (native), TTS device id or ChirpStack DevEUI.</param>
/// <param name="Scope">The device kind (native) or the application (LoRaWAN).</param>
public readonly record struct MqttTopic(MqttTopicKind Kind, string? Owner = null, string? Scope = null)
{
    /// <summary>Whether it is an uplink of any format.</summary>
    public bool IsUplink => Kind is MqttTopicKind.NativeUplink or MqttTopicKind.TtsUplink or MqttTopicKind.ChirpStackUplink;

    /// <summary>Classifies a topic name (no wildcards).</summary>
    public static MqttTopic Parse(string topic, string? deadLetterTopic)
    {
        if (!string.IsNullOrEmpty(deadLetterTopic) && topic == deadLetterTopic)
        {
            return new(MqttTopicKind.DeadLetter);
        }
        var s = topic.Split('/');
        switch (s[0])
        {
            case "toyama" when s.Length >= 2 && s[1] == "alarms":
                return new(MqttTopicKind.Alarm);
            case "toyama" when s.Length == 4 && s[1].Length > 0 && s[2].Length > 0 && s[3] is "up" or "down":
                return new(s[3] == "up" ? MqttTopicKind.NativeUplink : MqttTopicKind.NativeDownlink, s[2], s[1]);
            case "v3" when s.Length == 5 && s[2] == "devices" && s[4] == "up" && s[1].Length > 0 && s[3].Length > 0:
                return new(MqttTopicKind.TtsUplink, s[3], s[1]);
            case "v3" when s.Length >= 6 && s[2] == "devices" && s[4] == "down" && s[1].Length > 0 && s[3].Length > 0:
                return new(MqttTopicKind.TtsDownlink, s[3], s[1]);
            case "application" when s.Length == 6 && s[2] == "device" && s[4] == "event" && s[5] == "up" && s[1].Length > 0 && s[3].Length > 0:
                return new(MqttTopicKind.ChirpStackUplink, s[3], s[1]);
            case "application" when s.Length == 6 && s[2] == "device" && s[4] == "command" && s[5] == "down" && s[1].Length > 0 && s[3].Length > 0:
                return new(MqttTopicKind.ChirpStackDownlink, s[3], s[1]);
            case "toyama" or "v3" or "application":
                return new(MqttTopicKind.Reserved);
        }
        return new(topic.StartsWith('$') ? MqttTopicKind.Reserved : MqttTopicKind.Other);
    }
}
