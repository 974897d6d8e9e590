using System.Globalization;

namespace Twin.Silo.Auth;

/// <summary>The 429 answer to a throttled sign-in: ProblemDetails and Retry-After.</summary>
public static class TooManySignIns
{
    /// <summary>The result for an endpoint.</summary>
    public static IResult Result(HttpContext http, TimeSpan wait)
    {
        var seconds = Seconds(wait);
        (http ?? throw new ArgumentNullException(nameof(http))).Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many failed sign-ins",
            detail: $"Too many failed sign-ins for this account or from this address; try again in {seconds} s.");
    }

    /// <summary>Writes the answer from an authentication handler.</summary>
    public static Task Write(HttpContext http, TimeSpan wait) => Result(http, wait).ExecuteAsync(http);

    private static int Seconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
}
