namespace Twin.Silo.Contracts;

/// <summary><c>POST /api/auth/token</c>'s body.</summary>
public sealed record TokenRequest(string? Name, string? Password);
