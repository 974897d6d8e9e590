using Microsoft.Extensions.DependencyInjection;

namespace Twin.Simulation.Tests;

/// <summary>The scenarios as the CLI and the silo get them (AddTwinSimulations).</summary>
public static class SimulationServices
{
    private static readonly Lazy<ServiceProvider> Provider = new(() => new ServiceCollection().AddTwinSimulations().BuildServiceProvider());

    public static ISimulationScenario Scenario(string name) =>
        Provider.Value.GetRequiredService<SimulationScenarios>().Find(name) ?? throw new InvalidOperationException($"No scenario {name}");

    public static Task<SimulationOutput> RunAsync(string scenario, long seed, params (string Name, string Value)[] parameters) =>
        Scenario(scenario).RunAsync(new SimulationRequest(scenario, seed, parameters.ToDictionary(p => p.Name, p => p.Value)), null,
            TestContext.Current.CancellationToken);
}
