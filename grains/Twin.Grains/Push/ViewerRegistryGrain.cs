using Microsoft.Extensions.Logging;
using Orleans.Utilities;
using Twin.Grains.Abstractions;

namespace Twin.Grains.Push;

/// <summary>
/// Keeps the silos' viewer observers and fans each change out to them. Traffic here is already coalesced
/// (a few messages a second per aggregate), so one grain suffices; device messages bypass it entirely.
/// </summary>
public sealed class ViewerRegistryGrain(ILogger<ViewerRegistryGrain> logger) : Grain, IViewerRegistryGrain
{
    /// <summary>A silo that stops renewing (it died) is forgotten after this long.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    private readonly ObserverManager<ITwinViewerObserver> _observers = new(Lease, logger);

    public Task RegisterAsync(ITwinViewerObserver observer)
    {
        _observers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task UnregisterAsync(ITwinViewerObserver observer)
    {
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    public Task PublishAsync(PushMessage message)
    {
        _observers.Notify(o => o.OnPushAsync(message));
        return Task.CompletedTask;
    }
}
