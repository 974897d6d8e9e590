using Twin.Grains.Abstractions;

namespace Twin.Grains.Push;

/// <summary>Shortcuts for publishing to viewers.</summary>
public static class ViewerPush
{
    /// <summary>Publishes a change through the registry.</summary>
    public static Task PublishAsync(this IGrainFactory grains, PushMessage message) =>
        grains.GetGrain<IViewerRegistryGrain>(GrainKeys.ViewerRegistry).PublishAsync(message);
}
