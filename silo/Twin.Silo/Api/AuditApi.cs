using Microsoft.AspNetCore.Http.HttpResults;
using Twin.Silo.Auth;
using Twin.Silo.Contracts;
using Twin.Silo.Privacy;
using Twin.Storage.Audit;

namespace Twin.Silo.Api;

/// <summary><c>GET /api/audit</c> (admin): the append-only log of consent changes, account changes, alarm actions and reads of child cells.</summary>
public static class AuditApi
{
    /// <summary>Most lines one request returns; narrow the window for more.</summary>
    public const int MaxLines = 10_000;

    /// <summary>Maps <c>GET /api/audit?from=&amp;to=&amp;actor=</c>.</summary>
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/audit", async Task<Results<Ok<AuditEntryDto[]>, ProblemHttpResult>> (
            AuditTrail audit, CancellationToken ct, string? from = null, string? to = null, string? actor = null) =>
        {
            if (!TryTime(from, out var fromTime) || !TryTime(to, out var toTime))
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad time",
                    detail: "from and to are ISO-8601 times with an offset, e.g. 2026-12-01T09:00:00+09:00.");
            }
            var entries = await audit.Log.QueryAsync(new AuditQuery(fromTime, toTime, string.IsNullOrEmpty(actor) ? null : actor, MaxLines), ct);
            return TypedResults.Ok(entries.Select(AuditEntryDto.From).ToArray());
        })
            .WithTags("Audit")
            .RequireAuthorization(TwinPolicies.Admin)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary($"The audit log, oldest first, as a plain array of {{at, actor, action, target, details}} (from <= at < to; at most {MaxLines} lines)");
        return app;
    }

    private static bool TryTime(string? text, out DateTimeOffset? time)
    {
        time = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }
        if (DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var parsed)
            && (text.EndsWith('Z') || text.Contains('+', StringComparison.Ordinal) || text.LastIndexOf('-') > 9))
        {
            time = parsed;
            return true;
        }
        return false;
    }
}
