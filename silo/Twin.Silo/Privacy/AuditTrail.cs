using System.Security.Claims;
using Twin.Grains;
using Twin.Grains.Abstractions;
using Twin.Silo.Auth;
using Twin.Storage.Audit;

namespace Twin.Silo.Privacy;

/// <summary>Writes the audit log's lines at the twin's time, naming the signed-in account; a line that cannot be stored fails the action it records.</summary>
public sealed class AuditTrail(IAuditLog log, [FromKeyedServices(TwinClock.Key)] TimeProvider clock)
{
    /// <summary>The log itself, to read.</summary>
    public IAuditLog Log => log;

    /// <summary>Records that <paramref name="user"/> did <paramref name="action"/> to <paramref name="target"/>.</summary>
    public Task RecordAsync(ClaimsPrincipal user, string action, string target, string details = "", CancellationToken ct = default) =>
        RecordAsync(TwinClaims.ActorOf(user) ?? "anonymous", action, target, details, ct);

    /// <summary>Records that <paramref name="actor"/> did <paramref name="action"/> to <paramref name="target"/>.</summary>
    public Task RecordAsync(string actor, string action, string target, string details = "", CancellationToken ct = default) =>
        log.AppendAsync(new AuditEntry(clock.GetUtcNow(), actor, action, target, details), ct);
}
