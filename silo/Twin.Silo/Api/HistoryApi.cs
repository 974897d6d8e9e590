using System.Globalization;
using System.Text;
using System.Xml;
using Twin.Catalog;
using Twin.Grains.Abstractions;
using Twin.Silo.Contracts;
using Twin.Storage.History;

namespace Twin.Silo.Api;

/// <summary><c>GET /api/devices/{id}/history</c>: raw readings, or averages per step; JSON, or CSV on <c>Accept: text/csv</c>.</summary>
public static class HistoryApi
{
    /// <summary>Most rows one request returns; ask for a narrower window or a step for more.</summary>
    public const int MaxRows = 50_000;

    /// <summary>Maps the history endpoint.</summary>
    public static IEndpointRouteBuilder MapHistoryApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/devices/{id}/history", GetAsync)
            .WithTags("Twin")
            .Produces<ReadingDto[]>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A device's readings between from and to (ISO-8601; default the last 24 h); step (e.g. PT5M, 300, 5m) averages per bucket")
            .WithDescription("JSON, or CSV (ts,seq[,state],field…) when the request accepts text/csv.");
        return app;
    }

    private static async Task<IResult> GetAsync(
        string id, HttpContext http, TwinCatalog catalog, IReadingHistory history, TimeProvider clock,
        string? from = null, string? to = null, string? step = null)
    {
        if (!catalog.TryGetDevice(id, out var device))
        {
            return Problem(StatusCodes.Status404NotFound, "Unknown device", $"There is no device '{id}' in the twin's catalog.");
        }
        var now = clock.GetUtcNow();
        if (!TryTime(to, now, out var toTime) || !TryTime(from, toTime.AddDays(-1), out var fromTime))
        {
            return Problem(StatusCodes.Status400BadRequest, "Bad time", "from and to must be ISO-8601 times with an offset, e.g. 2026-11-27T09:00:00+09:00.");
        }
        if (fromTime >= toTime)
        {
            return Problem(StatusCodes.Status400BadRequest, "Bad range", "from must be before to.");
        }
        TimeSpan? bucket = null;
        if (!string.IsNullOrEmpty(step))
        {
            if (!TryStep(step, out var s) || s < TimeSpan.FromSeconds(1))
            {
                return Problem(StatusCodes.Status400BadRequest, "Bad step", "step is a duration of at least one second: PT5M, 300 (seconds), 5m, 1h or 1d.");
            }
            bucket = s;
        }

        var records = await history.ReadAsync(id, fromTime, toTime, MaxRows + 1, http.RequestAborted);
        if (records.Count > MaxRows && bucket is null)
        {
            return Problem(StatusCodes.Status400BadRequest, "Too many readings",
                $"More than {MaxRows} readings in that window: narrow it or give a step.");
        }
        var readings = HistoryBuckets.Distinct(records.Select(r => r.Reading));
        if (device.Kind == DeviceKind.ChildTracker)
        {
            // A child's positions never leave the twin, not even as history.
            readings = readings.Select(r => r with { Values = r.Values.Remove("lat").Remove("lon") });
        }
        var rows = bucket is { } b ? HistoryBuckets.Downsample(readings, fromTime, b) : readings.ToList();

        if (http.Request.Headers.Accept.Any(a => a is not null && a.Contains("text/csv", StringComparison.OrdinalIgnoreCase)))
        {
            return Results.Text(Csv(device.Kind, rows), "text/csv", Encoding.UTF8);
        }
        return TypedResults.Ok(rows.Select(r => ReadingDto.From(device.Kind, r)).ToArray());
    }

    private static string Csv(DeviceKind kind, IReadOnlyList<Reading> rows)
    {
        var fields = rows.SelectMany(r => r.Values.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var hasState = kind == DeviceKind.SnowPump;
        var sb = new StringBuilder("ts,seq");
        if (hasState)
        {
            sb.Append(",state");
        }
        foreach (var f in fields)
        {
            sb.Append(',').Append(f);
        }
        sb.Append('\n');
        foreach (var r in rows)
        {
            sb.Append(r.Ts.ToString("O", CultureInfo.InvariantCulture)).Append(',').Append(r.Seq.ToString(CultureInfo.InvariantCulture));
            if (hasState)
            {
                sb.Append(',').Append(r.State);
            }
            foreach (var f in fields)
            {
                sb.Append(',');
                if (r.Values.TryGetValue(f, out var v))
                {
                    sb.Append(v.ToString("R", CultureInfo.InvariantCulture));
                }
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }

    private static bool TryTime(string? text, DateTimeOffset fallback, out DateTimeOffset time)
    {
        if (string.IsNullOrEmpty(text))
        {
            time = fallback;
            return true;
        }
        return Ingestion.NativeDecoder.TryParseTs(text, out time);
    }

    /// <summary>Parses PT5M (ISO-8601), 300 (seconds), 5m, 1h, 1d.</summary>
    public static bool TryStep(string text, out TimeSpan step)
    {
        step = default;
        try
        {
            if (text.StartsWith('P'))
            {
                step = XmlConvert.ToTimeSpan(text);
                return true;
            }
        }
        catch (FormatException)
        {
            return false;
        }
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds) && seconds < 1e9)
        {
            step = TimeSpan.FromSeconds(seconds);
            return true;
        }
        if (text.Length >= 2 && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n) && n < 1e7)
        {
            step = text[^1] switch
            {
                's' => TimeSpan.FromSeconds(n),
                'm' => TimeSpan.FromMinutes(n),
                'h' => TimeSpan.FromHours(n),
                'd' => TimeSpan.FromDays(n),
                _ => default,
            };
            return step != default;
        }
        return false;
    }

    private static IResult Problem(int status, string title, string detail) =>
        Results.Problem(statusCode: status, title: title, detail: detail);
}
