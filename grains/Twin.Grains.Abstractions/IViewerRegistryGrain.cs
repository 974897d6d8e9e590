using Orleans.Concurrency;

namespace Twin.Grains.Abstractions;

/// <summary>The list of silos' viewer observers; aggregates publish through it. One grain, keyed "twin".</summary>
public interface IViewerRegistryGrain : IGrainWithStringKey
{
    /// <summary>Registers (or renews) a silo's observer; registrations lapse unless renewed.</summary>
    Task RegisterAsync(ITwinViewerObserver observer);

    /// <summary>Removes a silo's observer.</summary>
    Task UnregisterAsync(ITwinViewerObserver observer);

    /// <summary>Sends a change to every registered observer.</summary>
    [OneWay]
    Task PublishAsync(PushMessage message);
}
