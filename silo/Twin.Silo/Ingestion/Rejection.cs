using MQTTnet.Protocol;

namespace Twin.Silo.Ingestion;

/// <summary>Why an uplink was rejected; each reason is counted apart and answered with its MQTT 5 reason code.</summary>
public enum RejectReason
{
    MalformedJson,
    MissingField,
    WrongType,
    NotFinite,
    OutOfRange,
    UnknownState,
    TsInFuture,
    TsTooOld,
    PayloadTooLarge,
    UnknownDevice,
    KindMismatch,
    NoConsent,
    RateLimited,
    Internal,
}

/// <summary>A rejected uplink: the reason, a message for people, and the PUBACK reason code.</summary>
public sealed record Rejection(RejectReason Reason, string Detail)
{
    /// <summary>The reason's metric label and dead-letter name (<c>malformed-json</c>).</summary>
    public string Label => Reason switch
    {
        RejectReason.MalformedJson => "malformed-json",
        RejectReason.MissingField => "missing-field",
        RejectReason.WrongType => "wrong-type",
        RejectReason.NotFinite => "not-finite",
        RejectReason.OutOfRange => "out-of-range",
        RejectReason.UnknownState => "unknown-state",
        RejectReason.TsInFuture => "ts-in-future",
        RejectReason.TsTooOld => "ts-too-old",
        RejectReason.PayloadTooLarge => "payload-too-large",
        RejectReason.UnknownDevice => "unknown-device",
        RejectReason.KindMismatch => "kind-mismatch",
        RejectReason.NoConsent => "no-consent",
        RejectReason.RateLimited => "rate-limited",
        _ => "internal",
    };

    /// <summary>The MQTT 5 PUBACK reason code that answers it.</summary>
    public MqttPubAckReasonCode Code => Reason switch
    {
        RejectReason.UnknownDevice or RejectReason.KindMismatch => MqttPubAckReasonCode.TopicNameInvalid,
        RejectReason.NoConsent => MqttPubAckReasonCode.NotAuthorized,
        RejectReason.RateLimited => MqttPubAckReasonCode.QuotaExceeded,
        RejectReason.Internal => MqttPubAckReasonCode.UnspecifiedError,
        _ => MqttPubAckReasonCode.PayloadFormatInvalid,
    };
}
