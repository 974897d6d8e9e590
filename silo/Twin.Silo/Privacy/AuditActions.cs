namespace Twin.Silo.Privacy;

/// <summary>The actions the audit log names.</summary>
public static class AuditActions
{
    /// <summary>A family's consent recorded as granted.</summary>
    public const string ConsentGrant = "consent.grant";

    /// <summary>A family's consent recorded as withdrawn (the child's readings and last position deleted).</summary>
    public const string ConsentRevoke = "consent.revoke";

    /// <summary>The register filled from the catalog's demo consents on an empty database.</summary>
    public const string ConsentSeed = "consent.seed";

    /// <summary>An account created, disabled, enabled, its password or roles set (<c>account.</c> + what).</summary>
    public const string AccountPrefix = "account.";

    /// <summary>An alarm acknowledged, shelved, … (<c>alarm.</c> + the command).</summary>
    public const string AlarmPrefix = "alarm.";

    /// <summary>A district's child cells read (REST, or a hub district subscription, which sends them).</summary>
    public const string ChildCellsRead = "children.cells.read";
}
