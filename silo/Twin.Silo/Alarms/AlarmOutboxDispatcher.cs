using Microsoft.Extensions.Options;
using Twin.Grains;
using Twin.Grains.Abstractions.Alarms;

namespace Twin.Silo.Alarms;

/// <summary>
/// Sends the alarm notification outbox, one per silo: claims due entries for a lease, sends each on its channel, then marks
/// it sent; a failure is due again after a backoff capped at 30 s, a refusal is parked. Entries to different targets go out
/// together (bounded), one alarm's entries to one target in order: a claim yields only the head of each queue. An entry
/// claimed by a silo that dies is claimed again once its lease expires, so nothing is lost (at least once, same key).
/// </summary>
public sealed class AlarmOutboxDispatcher : BackgroundService
{
    private static readonly TimeSpan CountEvery = TimeSpan.FromSeconds(5);

    private readonly INotificationOutbox _outbox;
    private readonly Dictionary<NotificationChannel, IAlarmNotificationSender> _senders;
    private readonly TimeProvider _clock;
    private readonly AlarmDeliveryOptions _options;
    private readonly AlarmDeliveryMetrics _metrics;
    private readonly ILogger<AlarmOutboxDispatcher> _logger;
    private TaskCompletionSource _idle = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DateTimeOffset _countedAt = DateTimeOffset.MinValue;

    public AlarmOutboxDispatcher(
        INotificationOutbox outbox,
        IEnumerable<IAlarmNotificationSender> senders,
        [FromKeyedServices(TwinClock.Key)] TimeProvider clock,
        IOptions<AlarmDeliveryOptions> options,
        AlarmDeliveryMetrics metrics,
        ILogger<AlarmOutboxDispatcher> logger)
    {
        _outbox = outbox;
        _senders = senders.ToDictionary(s => s.Channel);
        _clock = clock;
        _options = options.Value;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>This process's claim owner: unique per silo process, so a restarted silo never mistakes an old lease for its own.</summary>
    public string Owner { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    /// <summary>Completes the next time the dispatcher has nothing due and starts waiting (its poll delay already started on the clock).</summary>
    internal Task NextIdleAsync() => Volatile.Read(ref _idle).Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        AlarmDeliveryLog.Started(_logger, Owner);
        while (!stoppingToken.IsCancellationRequested)
        {
            IReadOnlyList<OutboxEntry> batch;
            try
            {
                await CountAsync(stoppingToken);
                batch = await _outbox.ClaimDueAsync(Owner, _clock.GetUtcNow(), _options.Lease, _options.BatchSize, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                AlarmDeliveryLog.OutboxFailed(_logger, ex);
                batch = [];
            }
            if (batch.Count > 0)
            {
                // Not cancelled by the stopping token: each delivery releases its entry itself when the silo stops.
                await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrency },
                    (entry, _) => new ValueTask(DeliverAsync(entry, stoppingToken)));
                // There may be more (the next entry of each queue just sent): claim again at once.
                continue;
            }
            var poll = Task.Delay(_options.PollInterval, _clock, stoppingToken);
            Interlocked.Exchange(ref _idle, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            try
            {
                await poll;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task DeliverAsync(OutboxEntry entry, CancellationToken stoppingToken)
    {
        Exception? failure = null;
        try
        {
            if (!_senders.TryGetValue(entry.Channel, out var sender))
            {
                throw new InvalidOperationException($"This silo has no sender for {entry.Channel} notifications.");
            }
            await sender.SendAsync(entry, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The silo stops: the entry is due again now for whoever runs next, rather than after its lease.
            await RecordAsync(entry, () => _outbox.RetryAsync(entry.Id, _clock.GetUtcNow(), "the silo stopped while sending it", CancellationToken.None));
            return;
        }
        catch (Exception ex)
        {
            failure = ex;
        }

        var now = _clock.GetUtcNow();
        if (failure is null)
        {
            await RecordAsync(entry, () => _outbox.MarkSentAsync(entry.Id, now, CancellationToken.None));
            // A wake is due by design; its delay says nothing about delivery.
            _metrics.CountSent(entry.Channel, entry.Channel == NotificationChannel.Wake ? null : (now - entry.Notice.Transition.At).TotalSeconds);
            AlarmDeliveryLog.Sent(_logger, entry.Channel, entry.Id, entry.AlarmId, entry.Target);
        }
        else if (failure is NotificationRefusedException)
        {
            var error = Describe(failure);
            await RecordAsync(entry, () => _outbox.ParkAsync(entry.Id, now, error, CancellationToken.None));
            _metrics.CountParked(entry.Channel);
            AlarmDeliveryLog.Parked(_logger, entry.Channel, entry.Id, entry.AlarmId, entry.Target, error);
        }
        else
        {
            var attempt = entry.Attempts + 1;
            var delay = DeliveryRules.RetryDelay(attempt, _options.FirstRetryDelay, _options.MaxRetryDelay, Random.Shared);
            var error = Describe(failure);
            await RecordAsync(entry, () => _outbox.RetryAsync(entry.Id, now + delay, error, CancellationToken.None));
            _metrics.CountFailed(entry.Channel);
            AlarmDeliveryLog.Failed(_logger, entry.Channel, entry.Id, entry.AlarmId, entry.Target, attempt, delay, error);
        }
    }

    private async Task RecordAsync(OutboxEntry entry, Func<Task> record)
    {
        try
        {
            await record();
        }
        catch (Exception ex)
        {
            // Left claimed: the lease runs out and the entry is sent again (the receiver drops the repeat by its key).
            AlarmDeliveryLog.RecordFailed(_logger, entry.Id, ex);
        }
    }

    private async Task CountAsync(CancellationToken ct)
    {
        var now = _clock.GetUtcNow();
        if (now - _countedAt < CountEvery)
        {
            return;
        }
        _countedAt = now;
        var (pending, parked) = await _outbox.CountAsync(ct);
        _metrics.SetOutbox(pending, parked);
    }

    private static string Describe(Exception failure)
    {
        var text = failure.InnerException is { } inner ? $"{failure.Message} ({inner.Message})" : failure.Message;
        return text.Length <= 500 ? text : text[..500];
    }
}
