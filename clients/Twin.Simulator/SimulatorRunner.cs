using Microsoft.Extensions.Logging;

namespace Twin.Simulator;

/// <summary>Drives a simulator's schedule against a broker: takes what is due on the clock, publishes it, sleeps until the next is due.</summary>
public static class SimulatorRunner
{
    /// <summary>
    /// Runs until cancelled, <see cref="SimulatorOptions.Duration"/> has passed or <see cref="SimulatorOptions.Count"/>
    /// messages are sent, then waits for the last answers and returns the summary. <paramref name="brokerWait"/> is how
    /// long to keep retrying the first connection.
    /// </summary>
    public static async Task<PublishSummary> RunAsync(
        FleetSimulator simulator,
        PublisherOptions publisherOptions,
        TimeProvider time,
        TimeSpan brokerWait,
        ILogger? logger = null,
        Action<PublishSummary>? progress = null,
        TimeSpan? progressInterval = null,
        CancellationToken cancellationToken = default)
    {
        var options = simulator.Options;
        await using var publisher = new FleetPublisher(publisherOptions, time);
        await publisher.ConnectAsync(brokerWait, cancellationToken);
        if (logger is not null)
        {
            SimulatorLog.Connected(logger, publisherOptions.Host, publisherOptions.Port, publisherOptions.Connections,
                simulator.Senders.Length, options.Cadence, options.Format);
        }

        var start = time.GetUtcNow();
        var schedule = new FleetSchedule(simulator, start);
        var deadline = options.Duration is { } d ? start + d : DateTimeOffset.MaxValue;
        var limit = options.Count ?? long.MaxValue;
        var interval = progressInterval ?? TimeSpan.FromSeconds(10);
        var nextProgress = start + interval;
        long sent = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested && sent < limit)
            {
                var now = time.GetUtcNow();
                if (now >= deadline)
                {
                    break;
                }
                while (sent < limit && schedule.TryTake(now, out var device, out _))
                {
                    await publisher.PublishAsync(simulator.NextUplink(device), cancellationToken);
                    sent++;
                    // A rate faster than the broker answers keeps this loop busy for ever: look at the clock too.
                    if ((sent & 1023) == 0 && time.GetUtcNow() >= deadline)
                    {
                        break;
                    }
                }
                if (progress is not null && now >= nextProgress)
                {
                    progress(publisher.Summary());
                    nextProgress = now + interval;
                }
                if (sent >= limit)
                {
                    break;
                }
                var next = schedule.NextDue < deadline ? schedule.NextDue : deadline;
                var wait = next - time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping is the normal end of an open-ended run.
        }

        // The answers to what is already sent still count, but an impatient stop should not hang on a dead broker.
        using var drain = new CancellationTokenSource(TimeSpan.FromSeconds(10), time);
        try
        {
            await publisher.DrainAsync(drain.Token);
        }
        catch (OperationCanceledException)
        {
            // Summarise what was answered.
        }
        return publisher.Summary();
    }
}
