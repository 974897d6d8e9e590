namespace Twin.Silo.Ingestion.Access;

/// <summary>An account the silo makes for itself (the in-process simulator's), with a password generated at start.</summary>
/// <param name="Username">Its user name.</param>
/// <param name="Password">Its password, known only to this process.</param>
/// <param name="Principal">Its rights.</param>
public sealed record InternalMqttAccount(string Username, string Password, MqttPrincipal Principal);
