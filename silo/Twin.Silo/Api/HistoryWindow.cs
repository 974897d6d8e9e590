using System.Globalization;
using System.Xml;

namespace Twin.Silo.Api;

/// <summary>The window <c>[From, To)</c> and optional step of one history request, checked against what the history can answer.</summary>
/// <remarks>Times and the step are kept to the microsecond, the history's resolution.</remarks>
public sealed record HistoryWindow(DateTimeOffset From, DateTimeOffset To, TimeSpan? Step)
{
    /// <summary>Most buckets one request with a step may return.</summary>
    public const int MaxBuckets = 50_000;

    /// <summary>The earliest time a window may start: no reading is older, and it keeps every time the databases take well inside their range.</summary>
    public static readonly DateTimeOffset Earliest = DateTimeOffset.UnixEpoch;

    /// <summary>The window the query asks for (default: the day before <paramref name="now"/>), or the 400 saying why there is none.</summary>
    public static bool TryParse(string? from, string? to, string? step, DateTimeOffset now, out HistoryWindow window, out IResult problem)
    {
        window = null!;
        problem = null!;
        if (!TryTime(to, now, out var toTime) || !TryTime(from, DefaultFrom(toTime), out var fromTime))
        {
            problem = Bad("Bad time", "from and to must be ISO-8601 times with an offset, e.g. 2026-11-27T09:00:00+09:00, "
                + "from 1970-01-01T00:00:00Z on (from defaults to a day before to).");
            return false;
        }
        fromTime = Microseconds(fromTime);
        toTime = Microseconds(toTime);
        if (fromTime >= toTime)
        {
            problem = Bad("Bad range", "from must be before to.");
            return false;
        }
        if (string.IsNullOrEmpty(step))
        {
            window = new HistoryWindow(fromTime, toTime, null);
            return true;
        }
        if (!TryStep(step, out var s) || s < TimeSpan.FromSeconds(1))
        {
            problem = Bad("Bad step", "step is a duration of at least one second: PT5M, 300 (seconds), 5m, 1h or 1d.");
            return false;
        }
        s = Microseconds(s);
        var length = toTime - fromTime;
        if (s > length)
        {
            problem = Bad("Bad step", $"step ({XmlConvert.ToString(s)}) is longer than the window ({XmlConvert.ToString(length)}): give a shorter step or a longer window.");
            return false;
        }
        var buckets = (length.Ticks / s.Ticks) + (length.Ticks % s.Ticks == 0 ? 0 : 1);
        if (buckets > MaxBuckets)
        {
            var shortest = TimeSpan.FromSeconds(Math.Ceiling(length.TotalSeconds / MaxBuckets));
            problem = Bad("Too many buckets",
                $"That step cuts the window into {buckets} buckets; at most {MaxBuckets}: give a step of at least {XmlConvert.ToString(shortest)} or a narrower window.");
            return false;
        }
        window = new HistoryWindow(fromTime, toTime, s);
        return true;
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
        catch (Exception ex) when (ex is FormatException or OverflowException)
        {
            // P99999999D parses, but is longer than any TimeSpan.
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

    private static bool TryTime(string? text, DateTimeOffset? fallback, out DateTimeOffset time)
    {
        if (string.IsNullOrEmpty(text))
        {
            time = fallback.GetValueOrDefault();
            return fallback is not null;
        }
        return Ingestion.NativeDecoder.TryParseTs(text, out time) && time >= Earliest;
    }

    // A to within a day of the earliest time has no default from (a day earlier would be out of range).
    private static DateTimeOffset? DefaultFrom(DateTimeOffset to) => to - Earliest >= TimeSpan.FromDays(1) ? to.AddDays(-1) : null;

    private static DateTimeOffset Microseconds(DateTimeOffset time) => new(time.Ticks - (time.Ticks % TimeSpan.TicksPerMicrosecond), time.Offset);

    private static TimeSpan Microseconds(TimeSpan span) => TimeSpan.FromTicks(span.Ticks - (span.Ticks % TimeSpan.TicksPerMicrosecond));

    private static IResult Bad(string title, string detail) =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: title, detail: detail);
}
