namespace Twin.Grains.Abstractions;

/// <summary>Any device of the twin, keyed by its device id.</summary>
public interface IDeviceGrain : IGrainWithStringKey
{
    /// <summary>Offers a decoded, validated reading; says whether it was applied, late (history only) or a duplicate.</summary>
    ValueTask<ApplyOutcome> ApplyAsync(Reading reading);

    /// <summary>The device's live state.</summary>
    ValueTask<DeviceSnapshot> GetAsync();

    /// <summary>Re-evaluates the time-based rules (silence, delays) at the grain's clock's current time.</summary>
    Task CheckAsync();

    /// <summary>A silo's viewers watch this device: send it every change, and the current state now unless it already watched.</summary>
    Task WatchAsync(ITwinViewerObserver observer);

    /// <summary>A silo's viewers no longer watch this device.</summary>
    Task UnwatchAsync(ITwinViewerObserver observer);
}
