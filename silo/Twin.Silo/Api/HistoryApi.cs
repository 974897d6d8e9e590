using System.Runtime.CompilerServices;
using Twin.Catalog;
using Twin.Grains.Abstractions;
using Twin.Silo.Auth;
using Twin.Silo.Contracts;
using Twin.Silo.Extensions;
using Twin.Storage.History;

namespace Twin.Silo.Api;

/// <summary><c>GET /api/devices/{id}/history</c>: raw readings, or averages per step; JSON, or CSV on <c>Accept: text/csv</c>; streamed as read.</summary>
public static class HistoryApi
{
    /// <summary>Most raw readings one request returns; ask for a narrower window or a step for more.</summary>
    public const int MaxRows = 50_000;

    /// <summary>Maps the history endpoint, rate limited per caller.</summary>
    public static IEndpointRouteBuilder MapHistoryApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/devices/{id}/history", GetAsync)
            .WithTags("Twin")
            .RequireRateLimiting(HistoryRateLimiting.Policy)
            .RequireAuthorization(TwinPolicies.ReadTwin)
            .Produces<ReadingDto[]>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithSummary("A device's readings between from and to (ISO-8601; default the last 24 h); step (e.g. PT5M, 300, 5m) averages per bucket; never a child tracker's (403)")
            .WithDescription($"JSON, or CSV (ts,seq[,state],field…[,flag]) when the request accepts text/csv. At most {MaxRows} raw readings "
                + $"and {HistoryWindow.MaxBuckets} buckets; a refused reading carries its flag (rate-limited) and is left out of averages.");
        return app;
    }

    private static async Task<IResult> GetAsync(
        string id, HttpContext http, TwinCatalog catalog, IHistoryQuery history, TimeProvider clock,
        string? from = null, string? to = null, string? step = null)
    {
        if (!catalog.TryGetDevice(id, out var device))
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown device", detail: $"There is no device '{id}' in the twin's catalog.");
        }
        if (device.Kind == DeviceKind.ChildTracker)
        {
            // For every role: a child's readings (even without the position) would say when the child was where.
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "A child's readings never leave the twin",
                detail: "Children are shown only as counts: GET /api/districts/{id}/children/cells.");
        }
        if (!HistoryWindow.TryParse(from, to, step, clock.GetUtcNow(), out var window, out var problem))
        {
            return problem;
        }
        var ct = http.RequestAborted;
        IAsyncEnumerable<Reading> rows;
        if (window.Step is { } bucket)
        {
            rows = history.AggregateAsync(id, window.From, window.To, bucket, ct);
        }
        else if (await history.CountAsync(id, window.From, window.To, MaxRows + 1, ct) > MaxRows)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Too many readings",
                detail: $"More than {MaxRows} readings in that window: narrow it or give a step.");
        }
        else
        {
            rows = history.ReadAsync(id, window.From, window.To, MaxRows, ct);
        }

        if (http.Request.Headers.Accept.Any(a => a is not null && a.Contains("text/csv", StringComparison.OrdinalIgnoreCase)))
        {
            var fields = await history.FieldsAsync(id, window.From, window.To, ct);
            return HistoryCsv.Result(device.Kind, fields.Names, flagColumn: window.Step is null && fields.AnyFlagged, rows);
        }
        return TypedResults.Ok(Dtos(device.Kind, rows, ct));
    }

    /// <summary>The rows in their wire shape as they arrive, so ASP.NET Core writes the JSON array as it goes.</summary>
    private static async IAsyncEnumerable<ReadingDto> Dtos(DeviceKind kind, IAsyncEnumerable<Reading> rows, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var r in rows.WithCancellation(ct))
        {
            yield return ReadingDto.From(kind, r);
        }
    }
}
