namespace Twin.Silo.Contracts;

/// <summary><c>POST /api/accounts/{name}/password</c>'s body.</summary>
public sealed record PasswordRequest(string? Password);
