using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Twin.Catalog;
using Twin.Simulation.Coverage;
using Twin.Simulation.Flood;
using Twin.Simulation.Runs;
using Twin.Simulation.Snowstorm;

namespace Twin.Simulation;

/// <summary>Registers the planner's scenarios; the CLI, the silo and the tests all call this, so a scenario is one line here.</summary>
public static class SimulationServiceCollectionExtensions
{
    /// <summary>Adds every scenario, the registry over them and the runner REST uses (and the catalog and clock, where the host has none).</summary>
    public static IServiceCollection AddTwinSimulations(this IServiceCollection services)
    {
        services.AddLogging();
        services.TryAddSingleton(_ => TwinCatalog.Load());
        services.AddSingleton<ISimulationScenario, FloodScenario>();
        services.AddSingleton<ISimulationScenario, SnowstormScenario>();
        services.AddCoverageScenario();
        services.AddSingleton<SimulationScenarios>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SimulationRunner>();
        return services;
    }
}
