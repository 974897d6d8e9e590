using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Twin.Grains.Abstractions;
using Twin.Grains.Devices;

namespace Twin.Grains;

/// <summary>Registers what the twin's grains need beside what the host provides (catalog, clock, history, downlinks, storage).</summary>
public static class TwinGrainsServiceCollectionExtensions
{
    /// <summary>Adds the silo's silence timer, the device grains' shared services, and the catalog's consents unless the host has a register.</summary>
    public static IServiceCollection AddTwinGrains(this IServiceCollection services, Action<DeviceGrainOptions>? configure = null)
    {
        services.AddSingleton<SilenceWatch>();
        services.AddSingleton<DeviceGrainServices>();
        // A host with a consent register (the silo) registers it before; otherwise the catalog's demo consents stand.
        services.TryAddSingleton<IConsentLookup, CatalogConsentLookup>();
        services.AddOptions<ChildPrivacyOptions>();
        var options = services.AddOptions<DeviceGrainOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }
        return services;
    }
}
