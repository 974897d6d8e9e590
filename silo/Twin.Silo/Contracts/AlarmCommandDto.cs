namespace Twin.Silo.Contracts;

/// <summary>The body of <c>POST /api/alarms/{id}/ack|shelve|unshelve|out-of-service|in-service</c>.</summary>
/// <param name="Comment">Why, in the actor's words.</param>
/// <param name="Until">Shelve: until when (required there).</param>
/// <param name="By">Ignored: the signed-in account acts (kept so that older clients' bodies still parse).</param>
public sealed record AlarmCommandDto(string? Comment, DateTimeOffset? Until, string? By);
