namespace Twin.Grains.Abstractions;

/// <summary>The keys of the grains there is one of; devices, districts and segments are keyed by their catalog ids.</summary>
public static class GrainKeys
{
    /// <summary>The one <see cref="ICityGrain"/>.</summary>
    public const string City = "toyama";

    /// <summary>The one <see cref="IViewerRegistryGrain"/>.</summary>
    public const string ViewerRegistry = "twin";
}
