namespace Twin.Silo.Auth;

/// <summary>An account given in configuration (<c>Twin:Auth:Accounts:{i}</c>) for automation and tests; written to the database at start.</summary>
public sealed class ConfiguredAccount
{
    /// <summary>Lower-case letters, digits, '.', '_' and '-'.</summary>
    public string Name { get; set; } = "";

    /// <summary>The password (from configuration, environment or a file — never a command line).</summary>
    public string Password { get; set; } = "";

    /// <summary>Comma-separated roles, e.g. <c>operator,manager</c>.</summary>
    public string Roles { get; set; } = "";

    /// <summary>Comma-separated school ids for a <c>school</c> account.</summary>
    public string Schools { get; set; } = "";
}
