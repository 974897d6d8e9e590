using Twin.Storage.Audit;

namespace Twin.Silo.Contracts;

/// <summary>One line of the audit log (<c>GET /api/audit</c>).</summary>
public sealed record AuditEntryDto(DateTimeOffset At, string Actor, string Action, string Target, string Details)
{
    /// <summary>The wire shape of a stored line.</summary>
    public static AuditEntryDto From(AuditEntry e) => new(e.At, e.Actor, e.Action, e.Target, e.Details);
}
