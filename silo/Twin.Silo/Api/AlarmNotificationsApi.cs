using Microsoft.Extensions.Options;
using Twin.Grains.Abstractions.Alarms;
using Twin.Grains.Alarms;
using Twin.Silo.Alarms;
using Twin.Silo.Auth;
using Twin.Silo.Contracts;

namespace Twin.Silo.Api;

/// <summary>The notification outbox, read only: the parked notifications and the counts.</summary>
public static class AlarmNotificationsApi
{
    /// <summary>The most parked notifications one request lists.</summary>
    public const int MaxLimit = 1000;

    /// <summary>Maps <c>GET /api/alarms/notifications/parked</c> and <c>GET /api/alarms/notifications/stats</c>.</summary>
    public static IEndpointRouteBuilder MapAlarmNotificationsApi(this IEndpointRouteBuilder app)
    {
        var notifications = app.MapGroup("/api/alarms/notifications").WithTags("Alarm notifications").RequireAuthorization(TwinPolicies.ReadTwin);
        notifications.MapGet("/parked", async (INotificationOutbox outbox, IOptions<AlarmOptions> options, CancellationToken ct, int limit = 100) =>
        {
            if (limit is < 1 or > MaxLimit)
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad limit",
                    detail: $"limit must be between 1 and {MaxLimit}.");
            }
            var parked = await outbox.ListParkedAsync(limit, ct);
            return TypedResults.Ok(parked.Select(e => new ParkedNotificationDto(
                e.Id, e.AlarmId, e.Source, e.Channel, e.Target, e.Attempts, e.LastError,
                AlarmWebhookSender.Body(e, options.Value))).ToArray());
        }).WithSummary("Notifications a receiver refused for good (a 4xx other than 408/429), newest first");
        notifications.MapGet("/stats", async (INotificationOutbox outbox, CancellationToken ct) =>
        {
            var (pending, parked) = await outbox.CountAsync(ct);
            return TypedResults.Ok(new NotificationStatsDto(pending, parked));
        }).WithSummary("Notifications not yet sent and parked");
        return app;
    }
}
