using System.Security.Claims;
using Twin.Storage.Accounts;

namespace Twin.Silo.Auth;

/// <summary>The claims of a signed-in account, whichever way it signed in (token, cookie, Basic, the city's identity provider).</summary>
public static class TwinClaims
{
    /// <summary>The account's name (also <c>sub</c>); <see cref="ClaimsPrincipal"/>'s <c>Identity.Name</c> reads it.</summary>
    public const string Name = "name";

    /// <summary>One claim per role.</summary>
    public const string Role = "role";

    /// <summary>One claim per school of a <c>school</c> account.</summary>
    public const string School = "school";

    /// <summary>Who acted, for alarm transitions and the audit log: the signed-in account's name, or null when anonymous.</summary>
    public static string? ActorOf(ClaimsPrincipal user) =>
        user is { Identity: { IsAuthenticated: true, Name: { Length: > 0 } name } } ? name : null;

    /// <summary>The schools whose consent register this account keeps.</summary>
    public static IReadOnlyList<string> SchoolsOf(ClaimsPrincipal user) =>
        [.. (user ?? throw new ArgumentNullException(nameof(user))).FindAll(School).Select(c => c.Value)];

    /// <summary>The claims of a local account, for a token, a cookie or a Basic sign-in.</summary>
    public static IEnumerable<Claim> Of(StoredAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        yield return new Claim("sub", account.Name);
        yield return new Claim(Name, account.Name);
        foreach (var role in account.Roles)
        {
            yield return new Claim(Role, role);
        }
        foreach (var school in account.Schools)
        {
            yield return new Claim(School, school);
        }
    }

    /// <summary>A principal for a local account, under <paramref name="scheme"/>.</summary>
    public static ClaimsPrincipal Principal(StoredAccount account, string scheme) =>
        new(new ClaimsIdentity(Of(account), scheme, Name, Role));
}
