namespace Twin.Silo.Contracts;

/// <summary>The body of <c>POST /api/alarms/{id}/ack|shelve|unshelve|out-of-service|in-service</c>.</summary>
/// <param name="Comment">Why, in the actor's words.</param>
/// <param name="Until">Shelve: until when (required there).</param>
/// <param name="By">Who acts, until accounts exist; the signed-in account wins over it.</param>
public sealed record AlarmCommandDto(string? Comment, DateTimeOffset? Until, string? By);
