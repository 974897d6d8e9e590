using Prometheus;
using Twin.Silo.Auth;

namespace Twin.Silo.Api;

/// <summary>Errors as ProblemDetails, health, metrics and the OpenAPI document.</summary>
public static class OperationsApi
{
    /// <summary>Turns every error, including unmatched routes and bad parameters, into ProblemDetails.</summary>
    public static WebApplication UseTwinErrors(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // A query string that does not bind (limit=abc) is the client's error, not ours.
            StatusCodeSelector = ex => ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages();
        return app;
    }

    /// <summary>Maps <c>/health</c>, <c>/health/live</c> and <c>/openapi/v1.json</c> (anonymous), <c>/metrics</c> (monitor).</summary>
    public static WebApplication MapTwinOperations(this WebApplication app)
    {
        // Readiness: every part (grains, history, MQTT). 503 when one is down, so a load balancer or an alert
        // turns away from this silo.
        // Anonymous callers (a load balancer) get the status only; monitor and admin accounts each part's verdict.
        app.MapHealthChecks("/health", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions
        {
            ResponseWriter = WriteReport,
        }).AllowAnonymous();
        // Liveness: the process answers, whatever its dependencies do. A restart cures a hung process, not a
        // broker or database outage, so an orchestrator's liveness probe must not follow /health.
        app.MapHealthChecks("/health/live", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions
        {
            Predicate = _ => false,
            ResponseWriter = WriteReport,
        }).AllowAnonymous();
        // Prometheus signs in with HTTP Basic as a monitor account.
        app.MapMetrics("/metrics").RequireAuthorization(TwinPolicies.Monitor);
        app.MapOpenApi().AllowAnonymous();
        return app;
    }

    // The overall status, then each check: which part is down is what the on-call person needs first.
    private static Task WriteReport(HttpContext context, Microsoft.Extensions.Diagnostics.HealthChecks.HealthReport report) =>
        !TwinPolicies.Roles[TwinPolicies.Monitor].Any(context.User.IsInRole)
        ? context.Response.WriteAsJsonAsync(new { status = report.Status.ToString().ToLowerInvariant() })
        : context.Response.WriteAsJsonAsync(new
        {
            status = report.Status.ToString().ToLowerInvariant(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString().ToLowerInvariant(),
                description = e.Value.Description,
                durationMs = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
            }),
        });
}
