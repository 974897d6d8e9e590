namespace Twin.Storage.Audit;

/// <summary>One line of the audit log: who did what to what, when, and the particulars.</summary>
/// <param name="At">When it was done (the twin's clock).</param>
/// <param name="Actor">The account that did it.</param>
/// <param name="Action">What was done, e.g. <c>consent.revoke</c>, <c>account.create</c>, <c>alarm.ack</c>, <c>children.cells.read</c>.</param>
/// <param name="Target">What it was done to: a child tracker, an account, an alarm, a district.</param>
/// <param name="Details">The particulars (basis and comment, roles given); empty when none.</param>
public sealed record AuditEntry(DateTimeOffset At, string Actor, string Action, string Target, string Details);
