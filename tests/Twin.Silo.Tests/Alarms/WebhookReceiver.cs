using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Twin.Silo.Tests.Alarms;

/// <summary>
/// A real HTTP receiver (Kestrel on a loopback port) recording every POST it gets: its Idempotency-Key and the notification's
/// id, alarm and action. It answers <c>answers</c> in turn, then 200.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<int> _answers;

    private WebhookReceiver(WebApplication app, ConcurrentQueue<int> answers)
    {
        _app = app;
        _answers = answers;
    }

    public ConcurrentQueue<Received> Requests { get; } = new();

    private readonly ConcurrentDictionary<int, TaskCompletionSource> _waiters = new();

    /// <summary>Completes when this many requests have come.</summary>
    public Task WhenReceivedAsync(int count)
    {
        var waiter = _waiters.GetOrAdd(count, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (Requests.Count >= count)
        {
            waiter.TrySetResult();
        }
        return waiter.Task;
    }

    public static async Task<WebhookReceiver> StartAsync(int port, params int[] answers)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, new ConcurrentQueue<int>(answers));
        app.MapPost("/hook", async (HttpRequest request) =>
        {
            using var body = await JsonDocument.ParseAsync(request.Body);
            var root = body.RootElement;
            var status = receiver._answers.TryDequeue(out var answer) ? answer : 200;
            receiver.Requests.Enqueue(new Received(
                request.Headers["Idempotency-Key"].ToString(),
                root.GetProperty("notificationId").GetString()!,
                root.GetProperty("alarm").GetProperty("id").GetString()!,
                root.GetProperty("transition").GetProperty("action").GetString()!,
                status)
            {
                By = root.TryGetProperty("by", out var by) ? by.GetString() : null,
                Source = root.GetProperty("alarm").GetProperty("source").GetString(),
                AckUrl = root.TryGetProperty("ackUrl", out var ack) ? ack.GetString() : null,
                Members = root.TryGetProperty("members", out var members) && members.ValueKind == JsonValueKind.Array ? members.GetArrayLength() : 0,
                At = DateTimeOffset.UtcNow,
            });
            foreach (var (count, waiter) in receiver._waiters)
            {
                if (receiver.Requests.Count >= count)
                {
                    waiter.TrySetResult();
                }
            }
            return Results.StatusCode(status);
        });
        await app.StartAsync();
        return receiver;
    }

    public async Task StopAsync() => await _app.StopAsync();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    /// <summary>One request: its Idempotency-Key, the body's notification id, alarm id and action, and the answer given.</summary>
    public sealed record Received(string IdempotencyKey, string NotificationId, string AlarmId, string Action, int Status)
    {
        /// <summary>Who acted (the body's <c>by</c>).</summary>
        public string? By { get; init; }

        /// <summary>The alarm's source.</summary>
        public string? Source { get; init; }

        /// <summary>The body's <c>ackUrl</c>.</summary>
        public string? AckUrl { get; init; }

        /// <summary>A group's notification: how many members it lists.</summary>
        public int Members { get; init; }

        /// <summary>When it arrived (wall clock).</summary>
        public DateTimeOffset At { get; init; }
    }
}
