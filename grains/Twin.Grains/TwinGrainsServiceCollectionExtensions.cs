using Microsoft.Extensions.DependencyInjection;
using Twin.Grains.Devices;

namespace Twin.Grains;

/// <summary>Registers what the twin's grains need beside what the host provides (catalog, clock, history, downlinks, storage).</summary>
public static class TwinGrainsServiceCollectionExtensions
{
    /// <summary>Adds the silo's silence timer and the device grains' shared services.</summary>
    public static IServiceCollection AddTwinGrains(this IServiceCollection services, Action<DeviceGrainOptions>? configure = null)
    {
        services.AddSingleton<SilenceWatch>();
        services.AddSingleton<DeviceGrainServices>();
        var options = services.AddOptions<DeviceGrainOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }
        return services;
    }
}
