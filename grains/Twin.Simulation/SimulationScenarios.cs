namespace Twin.Simulation;

/// <summary>The scenarios a planner can run, by name; the CLI, REST and the planner page list them from here.</summary>
public sealed class SimulationScenarios(IEnumerable<ISimulationScenario> scenarios)
{
    private readonly Dictionary<string, ISimulationScenario> _byName =
        scenarios.ToDictionary(s => s.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>Every scenario, by name.</summary>
    public IReadOnlyCollection<ISimulationScenario> All => _byName.Values;

    /// <summary>The scenario called <paramref name="name"/>, if there is one.</summary>
    public ISimulationScenario? Find(string name) => _byName.GetValueOrDefault(name);
}
