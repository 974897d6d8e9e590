using Microsoft.AspNetCore.SignalR;
using Twin.Catalog;
using Twin.Grains.Abstractions;

namespace Twin.Silo.Hubs;

/// <summary>
/// This silo's viewer observer (the GPSTracker shape): grains push changes to it, it forwards them to SignalR
/// groups. Pushes are queued latest-state-wins per subject and sent by a background loop, so neither a slow
/// viewer nor a burst of changes ever holds up a grain or the ingestion path.
/// </summary>
public sealed class ViewerObserver(
    IGrainFactory grains,
    IHubContext<TwinHub> hub,
    TwinCatalog catalog,
    ILogger<ViewerObserver> logger) : BackgroundService, ITwinViewerObserver
{
    /// <summary>How often the registration with the registry, and device watches, are renewed.</summary>
    public static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(30);

    private readonly object _lock = new();
    private Dictionary<(PushKind, string), PushMessage> _pending = [];
    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly Dictionary<string, HashSet<string>> _deviceWatchers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _connectionDevices = new(StringComparer.Ordinal);
    private ITwinViewerObserver? _reference;

    public Task OnPushAsync(PushMessage message)
    {
        lock (_lock)
        {
            var key = (message.Kind, message.Key);
            if (_pending.TryGetValue(key, out var earlier) && !earlier.Changed.IsDefaultOrEmpty)
            {
                // Latest state wins, but a marker that changed in the dropped message must still be recoloured.
                var merged = earlier.Changed.ToDictionary(c => c.Id);
                foreach (var c in message.Changed)
                {
                    merged[c.Id] = c;
                }
                message = message with { Changed = [.. merged.Values] };
            }
            _pending[key] = message;
        }
        if (_signal.CurrentCount == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled by a concurrent push.
            }
        }
        return Task.CompletedTask;
    }

    /// <summary>A connection subscribed to a device: the first watcher on this silo asks the grain for changes.</summary>
    public async Task WatchDeviceAsync(string connectionId, DeviceInfo device)
    {
        bool first;
        lock (_lock)
        {
            if (!_deviceWatchers.TryGetValue(device.Id, out var connections))
            {
                _deviceWatchers[device.Id] = connections = new HashSet<string>(StringComparer.Ordinal);
            }
            first = connections.Count == 0;
            connections.Add(connectionId);
            if (!_connectionDevices.TryGetValue(connectionId, out var devices))
            {
                _connectionDevices[connectionId] = devices = new HashSet<string>(StringComparer.Ordinal);
            }
            devices.Add(device.Id);
        }
        if (first && _reference is not null)
        {
            await grains.GetDeviceGrain(device.Kind, device.Id).WatchAsync(_reference);
        }
    }

    /// <summary>A connection unsubscribed from a device: the last one tells the grain to stop.</summary>
    public async Task UnwatchDeviceAsync(string connectionId, DeviceInfo device)
    {
        bool last;
        lock (_lock)
        {
            last = _deviceWatchers.TryGetValue(device.Id, out var connections) && connections.Remove(connectionId) && connections.Count == 0;
            if (last)
            {
                _deviceWatchers.Remove(device.Id);
            }
            if (_connectionDevices.TryGetValue(connectionId, out var devices))
            {
                devices.Remove(device.Id);
            }
        }
        if (last && _reference is not null)
        {
            await grains.GetDeviceGrain(device.Kind, device.Id).UnwatchAsync(_reference);
        }
    }

    /// <summary>A connection closed: drop its device watches.</summary>
    public async Task ConnectionClosedAsync(string connectionId)
    {
        string[] devices;
        lock (_lock)
        {
            devices = _connectionDevices.Remove(connectionId, out var set) ? [.. set] : [];
        }
        foreach (var id in devices)
        {
            if (catalog.TryGetDevice(id, out var device))
            {
                await UnwatchDeviceAsync(connectionId, device);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _reference = grains.CreateObjectReference<ITwinViewerObserver>(this);
        var renew = RenewLoopAsync(stoppingToken);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await _signal.WaitAsync(stoppingToken);
                Dictionary<(PushKind, string), PushMessage> batch;
                lock (_lock)
                {
                    batch = _pending;
                    _pending = [];
                }
                await SendAsync(batch.Values);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        await renew;
        try
        {
            await grains.GetGrain<IViewerRegistryGrain>(GrainKeys.ViewerRegistry).UnregisterAsync(_reference);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            ViewerLog.RenewFailed(logger, ex);
        }
        grains.DeleteObjectReference<ITwinViewerObserver>(_reference);
    }

    private async Task SendAsync(IEnumerable<PushMessage> messages)
    {
        var sends = new List<Task>();
        foreach (var m in messages)
        {
            if (HubMessages.From(m) is not var (method, payload))
            {
                continue;
            }
            foreach (var group in Groups(m))
            {
                sends.Add(hub.Clients.Group(group).SendAsync(method, payload));
                PushMetrics.Messages.Add(1, new KeyValuePair<string, object?>("message", method));
            }
        }
        try
        {
            await Task.WhenAll(sends).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            ViewerLog.SendFailed(logger, ex);
        }
    }

    private IEnumerable<string> Groups(PushMessage m)
    {
        switch (m.Kind)
        {
            case PushKind.City:
                yield return TwinHub.CityGroup;
                break;
            case PushKind.District:
                yield return TwinHub.DistrictGroup(m.Key);
                break;
            case PushKind.River:
                yield return TwinHub.CityGroup;
                if (m.River is { } river)
                {
                    yield return TwinHub.DistrictGroup(river.District);
                }
                break;
            case PushKind.Device:
                yield return TwinHub.DeviceGroup(m.Key);
                break;
            case PushKind.Alarm:
                yield return TwinHub.AlarmsGroup;
                break;
        }
    }

    private async Task RenewLoopAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(RenewEvery);
        do
        {
            try
            {
                await grains.GetGrain<IViewerRegistryGrain>(GrainKeys.ViewerRegistry).RegisterAsync(_reference!);
                string[] watched;
                lock (_lock)
                {
                    watched = [.. _deviceWatchers.Keys];
                }
                // Re-asserting watches brings back a device grain that was collected or moved to another silo.
                foreach (var id in watched)
                {
                    if (catalog.TryGetDevice(id, out var device))
                    {
                        await grains.GetDeviceGrain(device.Kind, id).WatchAsync(_reference!);
                    }
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException && !ct.IsCancellationRequested)
            {
                ViewerLog.RenewFailed(logger, ex);
            }
        }
        while (await WaitAsync(timer, ct));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
