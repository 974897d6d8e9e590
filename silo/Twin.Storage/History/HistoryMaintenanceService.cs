using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Twin.Storage.History;

/// <summary>
/// Deletes readings past <c>Twin:History:RetentionDays</c>, and those of devices with a <see cref="ShortRetention"/> (children's
/// trackers, <c>Twin:Privacy:ChildHistoryHours</c>) past theirs, and downsamples those past <c>DownsampleAfterDays</c>, periodically.
/// </summary>
public sealed class HistoryMaintenanceService(
    IHistoryMaintenance store,
    IOptions<TwinStorageOptions> options,
    TimeProvider timeProvider,
    ILogger<HistoryMaintenanceService> logger,
    IEnumerable<ShortRetention>? shortRetentions = null) : BackgroundService
{
    private readonly TwinStorageOptions.HistorySettings _settings = options.Value.History;
    private readonly ShortRetention[] _short = [.. shortRetentions ?? []];

    // Everything before this instant is already downsampled; process memory only, so a restart re-checks from the oldest row (idempotent).
    private DateTimeOffset? _downsampledUntil;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromMinutes(_settings.MaintenanceIntervalMinutes);
        using var timer = new PeriodicTimer(interval, timeProvider);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                StorageLog.MaintenanceFailed(logger, interval, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <summary>One pass of the short retentions, the retention, then downsampling.</summary>
    public async Task RunOnceAsync(CancellationToken ct)
    {
        var now = timeProvider.GetUtcNow();
        foreach (var r in _short)
        {
            var cutoff = now - r.KeepFor;
            var purged = await store.DeleteDevicesAsync(r.DeviceIds, cutoff, ct).ConfigureAwait(false);
            if (purged > 0)
            {
                StorageLog.ShortRetentionDeleted(logger, purged, r.Name, cutoff);
            }
        }
        DateTimeOffset? retentionCutoff = null;
        if (_settings.RetentionDays > 0)
        {
            retentionCutoff = now.AddDays(-_settings.RetentionDays);
            var deleted = await store.DeleteOlderThanAsync(retentionCutoff.Value, ct).ConfigureAwait(false);
            if (deleted > 0)
            {
                StorageLog.RetentionDeleted(logger, deleted, retentionCutoff.Value);
            }
        }
        if (_settings.DownsampleAfterDays > 0)
        {
            await DownsampleAsync(now.AddDays(-_settings.DownsampleAfterDays), retentionCutoff, ct).ConfigureAwait(false);
        }
    }

    private async Task DownsampleAsync(DateTimeOffset until, DateTimeOffset? retentionCutoff, CancellationToken ct)
    {
        var bucket = TimeSpan.FromMinutes(_settings.DownsampleIntervalMinutes);
        var start = _downsampledUntil ?? retentionCutoff ?? await store.OldestTsAsync(ct).ConfigureAwait(false);
        if (start is null)
        {
            return;
        }
        // Windows start and end on bucket boundaries so no bucket is ever split between two passes.
        var from = AlignDown(start.Value, bucket);
        var end = AlignDown(until, bucket);
        var window = TimeSpan.FromTicks(bucket.Ticks * Math.Max(1, TimeSpan.FromDays(1).Ticks / bucket.Ticks));
        while (from < end)
        {
            var to = from + window < end ? from + window : end;
            var removed = await store.DownsampleAsync(from, to, bucket, ct).ConfigureAwait(false);
            if (removed > 0)
            {
                StorageLog.Downsampled(logger, removed, from, to);
            }
            from = to;
            _downsampledUntil = to;
        }
    }

    private static DateTimeOffset AlignDown(DateTimeOffset value, TimeSpan bucket)
    {
        var sinceEpoch = value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        return new DateTimeOffset(DateTimeOffset.UnixEpoch.UtcTicks + (sinceEpoch - (((sinceEpoch % bucket.Ticks) + bucket.Ticks) % bucket.Ticks)), TimeSpan.Zero);
    }
}
