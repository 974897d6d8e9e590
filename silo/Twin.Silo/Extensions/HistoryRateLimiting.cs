using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Twin.Silo.Extensions;

/// <summary>Per-caller limit on the history endpoint (<c>Twin:Api:HistoryRequestsPerMinute</c>), since every request reads the database.</summary>
public static class HistoryRateLimiting
{
    /// <summary>The rate-limiting policy the history endpoint requires.</summary>
    public const string Policy = "history";

    /// <summary>Adds the policy: a one-minute fixed window per caller; a refused request gets 429, a ProblemDetails body and Retry-After.</summary>
    public static IServiceCollection AddHistoryRateLimiting(this IServiceCollection services)
    {
        services.AddOptions<ApiOptions>().BindConfiguration("Twin:Api").ValidateDataAnnotations().ValidateOnStart();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<ApiOptions>>((limiter, api) =>
        {
            var perMinute = api.Value.HistoryRequestsPerMinute;
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(Policy, http => RateLimitPartition.GetFixedWindowLimiter(CallerOf(http), _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = perMinute,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            }));
            limiter.OnRejected = async (context, _) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many history requests",
                        detail: $"At most {perMinute} history requests a minute per caller; try again in {seconds} s.")
                    .ExecuteAsync(context.HttpContext);
            };
        });
        return services;
    }

    /// <summary>Whom a request counts against: the signed-in user by name, else the remote IP address.</summary>
    public static string CallerOf(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return http.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name }
            ? "user:" + name
            : "ip:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown");
    }
}
