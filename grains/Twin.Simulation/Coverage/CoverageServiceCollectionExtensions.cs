using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Twin.Simulation.Coverage;

/// <summary>Registers the <c>coverage</c> scenario.</summary>
public static class CoverageServiceCollectionExtensions
{
    /// <summary>Adds <see cref="CoverageScenario"/> as an <see cref="ISimulationScenario"/>.</summary>
    public static IServiceCollection AddCoverageScenario(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISimulationScenario, CoverageScenario>());
        return services;
    }
}
