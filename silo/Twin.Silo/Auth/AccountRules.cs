using System.Text.RegularExpressions;

namespace Twin.Silo.Auth;

/// <summary>What an account name and a role list may be.</summary>
public static partial class AccountRules
{
    /// <summary>1-64 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit.</summary>
    public static bool IsValidName(string? name) => name is not null && NamePattern().IsMatch(name);

    /// <summary>A comma-separated list, trimmed, without empty entries or repeats.</summary>
    public static IReadOnlyList<string> SplitList(string? text) =>
        [.. (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal)];

    /// <summary>The name as accounts are keyed: lower-case (a sign-in as "Admin" finds "admin").</summary>
    public static string Normalize(string name) => (name ?? "").Trim().ToLowerInvariant();

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
