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
    Unstorable,
    BadTopic,
    TopicMismatch,
}
