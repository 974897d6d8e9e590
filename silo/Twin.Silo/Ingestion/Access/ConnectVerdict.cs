using MQTTnet.Protocol;

namespace Twin.Silo.Ingestion.Access;

/// <summary>The answer to a CONNECT: who the client is, or the reason code and label of the refusal.</summary>
/// <param name="Principal">The authenticated client; null when refused.</param>
/// <param name="Code">The CONNACK reason code (MQTTnet maps it to the 3.1.1 return code for older clients).</param>
/// <param name="Reason">The refusal's label for metrics and logs; null when accepted.</param>
public readonly record struct ConnectVerdict(MqttPrincipal? Principal, MqttConnectReasonCode Code, string? Reason)
{
    /// <summary>Accepted as <paramref name="principal"/>.</summary>
    public static ConnectVerdict Accept(MqttPrincipal principal) => new(principal, MqttConnectReasonCode.Success, null);

    /// <summary>Refused with <paramref name="code"/>.</summary>
    public static ConnectVerdict Refuse(MqttConnectReasonCode code, string reason) => new(null, code, reason);
}
