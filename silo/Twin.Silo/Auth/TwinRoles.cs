namespace Twin.Silo.Auth;

/// <summary>The roles of the contract's access table; an account holds one or more.</summary>
public static class TwinRoles
{
    /// <summary>Reads the twin (never a single child), acknowledges and shelves alarms.</summary>
    public const string Operator = "operator";

    /// <summary>What an operator may, plus out-of-service / in-service and the alarm routes.</summary>
    public const string Manager = "manager";

    /// <summary>Reads aggregates, runs and reads simulations.</summary>
    public const string Planner = "planner";

    /// <summary>Keeps the consent register of its own schools.</summary>
    public const string School = "school";

    /// <summary>Reads <c>/metrics</c> and health details.</summary>
    public const string Monitor = "monitor";

    /// <summary>Everything: accounts, the audit log.</summary>
    public const string Admin = "admin";

    /// <summary>Every role, for validating configuration and requests.</summary>
    public static IReadOnlyList<string> All { get; } = [Operator, Manager, Planner, School, Monitor, Admin];

    /// <summary>True for a role of the table above (case-sensitive: roles are lower-case).</summary>
    public static bool IsKnown(string role) => All.Contains(role, StringComparer.Ordinal);
}
