using Twin.Storage.Accounts;

namespace Twin.Silo.Contracts;

/// <summary>An account as <c>/api/accounts</c> shows it: never its password or hash.</summary>
public sealed record AccountDto(string Name, IReadOnlyList<string> Roles, IReadOnlyList<string> Schools, bool Disabled, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    /// <summary>The stored account without its hash.</summary>
    public static AccountDto From(StoredAccount a) => new(a.Name, a.Roles, a.Schools, a.Disabled, a.CreatedAt, a.UpdatedAt);
}
