using MQTTnet.Protocol;
using Twin.Storage.History;

namespace Twin.Silo.Ingestion;

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
        RejectReason.Unstorable => "unstorable",
        RejectReason.BadTopic => "bad-topic",
        RejectReason.TopicMismatch => "topic-mismatch",
        _ => "internal",
    };

    /// <summary>The MQTT 5 PUBACK reason code that answers it.</summary>
    public MqttPubAckReasonCode Code => Reason switch
    {
        RejectReason.UnknownDevice or RejectReason.KindMismatch or RejectReason.BadTopic or RejectReason.TopicMismatch => MqttPubAckReasonCode.TopicNameInvalid,
        RejectReason.NoConsent => MqttPubAckReasonCode.NotAuthorized,
        RejectReason.RateLimited => MqttPubAckReasonCode.QuotaExceeded,
        RejectReason.Unstorable => MqttPubAckReasonCode.ImplementationSpecificError,
        RejectReason.Internal => MqttPubAckReasonCode.UnspecifiedError,
        _ => MqttPubAckReasonCode.PayloadFormatInvalid,
    };

    /// <summary>
    /// The answer to a reading the history did not take: <c>unstorable</c> (0x83, final: dead-lettered, never
    /// retried) when the store refused that one reading for its data, else <c>internal</c> (0x80: the store is
    /// down, the sender retries).
    /// </summary>
    public static Rejection ForHistoryFailure(Exception exception) => exception is HistoryRowRejectedException refused
        ? new(RejectReason.Unstorable, LogText.Safe(refused.Message, 200))
        : new(RejectReason.Internal, "the reading could not be made durable; retry");
}
