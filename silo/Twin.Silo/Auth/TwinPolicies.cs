using Microsoft.AspNetCore.Authorization;

namespace Twin.Silo.Auth;

/// <summary>
/// The named authorization policies of the contract's roles table, defined here and nowhere else: an endpoint says
/// <c>.RequireAuthorization(TwinPolicies.AckAlarms)</c>, a hub method <c>[Authorize(Policy = TwinPolicies.ReadTwin)]</c>.
/// <c>admin</c> passes every policy. An endpoint that names none still needs a signed-in account (the fallback policy).
/// </summary>
public static class TwinPolicies
{
    /// <summary>Read the live twin: devices, their history, alarms (operator, manager, admin).</summary>
    public const string ReadTwin = "read-twin";

    /// <summary>Read aggregates: city, districts, rivers, child cell counts, map layers (operator, manager, planner, admin).</summary>
    public const string ReadAggregates = "read-aggregates";

    /// <summary>Acknowledge and shelve alarms (operator, manager, admin).</summary>
    public const string AckAlarms = "ack-alarms";

    /// <summary>Out-of-service / in-service and the alarm routes (manager, admin).</summary>
    public const string ManageAlarms = "manage-alarms";

    /// <summary>Run and read simulations (planner, admin).</summary>
    public const string Planner = "planner";

    /// <summary>The consent register (school for its own schools — the endpoint checks which — and admin).</summary>
    public const string Consent = "consent";

    /// <summary><c>/metrics</c> and health details (monitor, admin).</summary>
    public const string Monitor = "monitor";

    /// <summary>Accounts, the audit log (admin).</summary>
    public const string Admin = "admin";

    /// <summary>The roles each policy admits.</summary>
    public static IReadOnlyDictionary<string, string[]> Roles { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        [ReadTwin] = [TwinRoles.Operator, TwinRoles.Manager, TwinRoles.Admin],
        [ReadAggregates] = [TwinRoles.Operator, TwinRoles.Manager, TwinRoles.Planner, TwinRoles.Admin],
        [AckAlarms] = [TwinRoles.Operator, TwinRoles.Manager, TwinRoles.Admin],
        [ManageAlarms] = [TwinRoles.Manager, TwinRoles.Admin],
        [Planner] = [TwinRoles.Planner, TwinRoles.Admin],
        [Consent] = [TwinRoles.School, TwinRoles.Admin],
        [Monitor] = [TwinRoles.Monitor, TwinRoles.Admin],
        [Admin] = [TwinRoles.Admin],
    };

    /// <summary>Adds every policy, and a fallback that closes whatever endpoint names none to anonymous callers.</summary>
    public static AuthorizationBuilder AddTwinPolicies(this AuthorizationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        foreach (var (name, roles) in Roles)
        {
            builder.AddPolicy(name, p => p.RequireAuthenticatedUser().RequireRole(roles));
        }
        return builder.SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
    }
}
