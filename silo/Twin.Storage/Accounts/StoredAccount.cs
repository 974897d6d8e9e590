namespace Twin.Storage.Accounts;

/// <summary>One local account as the twin's database holds it: a hashed password, roles, the schools of a <c>school</c> account.</summary>
/// <param name="Name">Lower-case ASCII, unique.</param>
/// <param name="PasswordHash">ASP.NET Core Identity's PasswordHasher format; never the password.</param>
/// <param name="Roles">Role names (operator, manager, planner, school, monitor, admin).</param>
/// <param name="Schools">The schools whose consent register a <c>school</c> account keeps; empty otherwise.</param>
/// <param name="Disabled">A disabled account signs in nowhere and its tokens and cookies stop working.</param>
/// <param name="CreatedAt">When the account was added.</param>
/// <param name="UpdatedAt">When its password, roles or state last changed.</param>
public sealed record StoredAccount(
    string Name,
    string PasswordHash,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> Schools,
    bool Disabled,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
