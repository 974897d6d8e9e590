using Orleans.Concurrency;

namespace Twin.Grains.Abstractions;

/// <summary>One per silo: receives pushes and forwards them to that silo's SignalR viewers. Grains never touch SignalR.</summary>
public interface ITwinViewerObserver : IGrainObserver
{
    /// <summary>A change to forward to the viewers subscribed to it.</summary>
    [OneWay]
    Task OnPushAsync(PushMessage message);
}
