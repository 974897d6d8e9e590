namespace Twin.Silo.Contracts;

/// <summary><c>PUT /api/accounts/{name}/roles</c>'s body.</summary>
public sealed record RolesRequest(IReadOnlyList<string>? Roles, IReadOnlyList<string>? Schools);
