using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Twin.Simulator;

/// <summary>Hosts the device fleet simulator inside another process (the silo, for the demo run).</summary>
public static class SimulatorServiceCollectionExtensions
{
    /// <summary>
    /// When <c>Twin:Simulator:Enabled</c> is true, runs the simulator (options under <c>Twin:Simulator</c>: Cadence,
    /// Format, Rate, Seed, …) against the broker the host names with <paramref name="broker"/> (host, port and
    /// credentials it fills in where <c>Twin:Simulator</c> leaves them unset). Does nothing otherwise.
    /// </summary>
    public static IServiceCollection AddTwinSimulator(this IServiceCollection services, IConfiguration configuration, Action<SimulatorOptions> broker)
    {
        ArgumentNullException.ThrowIfNull(broker);
        var section = configuration.GetSection("Twin:Simulator");
        if (!section.GetValue<bool>("Enabled"))
        {
            return services;
        }
        services.AddOptions<SimulatorOptions>()
            .Bind(section)
            .PostConfigure(broker)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddHostedService<SimulatorHostedService>();
        return services;
    }
}
