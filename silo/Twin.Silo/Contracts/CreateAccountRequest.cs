namespace Twin.Silo.Contracts;

/// <summary><c>POST /api/accounts</c>'s body.</summary>
public sealed record CreateAccountRequest(string? Name, string? Password, IReadOnlyList<string>? Roles, IReadOnlyList<string>? Schools);
