using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Twin.Grains.Abstractions;

namespace Twin.Grains.Devices;

/// <summary>
/// One per silo: remembers when each device here should next be checked for silence and asks its grain to check
/// then. A grain timer per device would do the same at about 670 bytes a device (measured); this keeps about
/// 70, which is what lets a silo hold a million devices. Its clock is the rules' clock, so tests and planner
/// runs move it.
/// </summary>
public sealed partial class SilenceWatch : IDisposable
{
    /// <summary>How often due checks are looked for.</summary>
    public static readonly TimeSpan ScanEvery = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, Due> _due = new(StringComparer.Ordinal);
    private readonly IGrainFactory _grains;
    private readonly TimeProvider _clock;
    private readonly ILogger<SilenceWatch> _logger;
    private readonly ITimer _timer;
    private int _scanning;

    public SilenceWatch(IGrainFactory grains, [FromKeyedServices(TwinClock.Key)] TimeProvider clock, ILogger<SilenceWatch> logger)
    {
        _grains = grains;
        _clock = clock;
        _logger = logger;
        _timer = clock.CreateTimer(_ => Scan(), null, ScanEvery, ScanEvery);
    }

    /// <summary>Devices waiting for a check.</summary>
    public int Count => _due.Count;

    /// <summary>Checks the device at <paramref name="at"/> (replacing any earlier plan).</summary>
    public void Watch(string deviceId, DeviceKind kind, DateTimeOffset at) => _due[deviceId] = new Due(at.UtcTicks, kind);

    /// <summary>No more checks for the device (it is silent already; its next reading watches it again).</summary>
    public void Forget(string deviceId) => _due.TryRemove(deviceId, out _);

    public void Dispose() => _timer.Dispose();

    private void Scan()
    {
        if (Interlocked.Exchange(ref _scanning, 1) == 1)
        {
            return;
        }
        _ = Task.Run(async () =>
        {
            try
            {
                var now = _clock.GetUtcNow().UtcTicks;
                var due = new List<(string Id, DeviceKind Kind)>();
                foreach (var (id, d) in _due)
                {
                    if (d.AtTicks <= now && _due.TryRemove(new KeyValuePair<string, Due>(id, d)))
                    {
                        due.Add((id, d.Kind));
                    }
                }
                await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (d, _) =>
                {
                    try
                    {
                        await _grains.GetDeviceGrain(d.Kind, d.Id).CheckAsync();
                    }
                    catch (Exception ex) when (ex is not OutOfMemoryException)
                    {
                        Log.CheckFailed(_logger, d.Id, ex);
                    }
                });
            }
            finally
            {
                Volatile.Write(ref _scanning, 0);
            }
        });
    }

    private readonly record struct Due(long AtTicks, DeviceKind Kind);

    private static partial class Log
    {
        [LoggerMessage(EventId = 310, Level = LogLevel.Warning, Message = "Checking {DeviceId} for silence failed; it is checked again on its next reading")]
        public static partial void CheckFailed(ILogger logger, string deviceId, Exception exception);
    }
}
