using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Twin.Grains.Abstractions.Alarms;
using Twin.Grains.Alarms;
using Twin.Silo.Contracts;

namespace Twin.Silo.Alarms;

/// <summary>POSTs the notification JSON to the entry's URL with <c>Idempotency-Key</c> = the notification id, the same on every attempt.</summary>
public sealed class AlarmWebhookSender(IHttpClientFactory clients, IOptions<AlarmOptions> options) : IAlarmNotificationSender
{
    /// <summary>The named HTTP client (its timeout is <see cref="AlarmDeliveryOptions.SendTimeout"/>).</summary>
    public const string ClientName = "twin-alarm-webhook";

    /// <summary>The header a receiver drops repeats by.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    public NotificationChannel Channel => NotificationChannel.Webhook;

    public async Task SendAsync(OutboxEntry entry, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var body = JsonSerializer.SerializeToUtf8Bytes(Body(entry, options.Value), AlarmWireJson.Options);
        using var request = new HttpRequestMessage(HttpMethod.Post, entry.Target)
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = Json } },
        };
        request.Headers.Add(IdempotencyKeyHeader, entry.Id);
        using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        if (response.IsSuccessStatusCode)
        {
            return;
        }
        var answer = $"{(int)response.StatusCode} {response.ReasonPhrase}";
        if (DeliveryRules.Parks(response.StatusCode))
        {
            throw new NotificationRefusedException($"The webhook answered {answer}.");
        }
        throw new HttpRequestException($"The webhook answered {answer}.", null, response.StatusCode);
    }

    /// <summary>The webhook's body: <c>{notificationId, alarm, transition, at, by, ackUrl, route, group, members}</c>.</summary>
    public static AlarmNotificationDto Body(OutboxEntry entry, AlarmOptions options)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(options);
        var notice = entry.Notice;
        return new AlarmNotificationDto(
            entry.Id,
            AlarmDto.From(notice.Alarm),
            AlarmTransitionDto.Of(notice.Transition),
            notice.Transition.At,
            notice.Transition.By,
            options.AckUrl(notice.Alarm.Id),
            notice.Route,
            notice.GroupId,
            notice.Members.IsDefault ? [] : notice.Members);
    }
}
