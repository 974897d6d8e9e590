namespace Twin.Silo.Contracts;

/// <summary>The signed-in account (<c>GET /api/auth/me</c>): the page shows it and hides what the roles may not do.</summary>
public sealed record MeDto(string Name, IReadOnlyList<string> Roles, IReadOnlyList<string> Schools);
