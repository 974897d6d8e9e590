using Spectre.Console.Cli;

namespace Twin.Cli.Sim;

/// <summary>The <c>sim</c> branch: run, compare, list.</summary>
public static class SimBranch
{
    public static void Configure(IConfigurator<CommandSettings> sim)
    {
        sim.SetDescription("Planner runs: flood, snowstorm, … in a sandbox on a clock of their own (docs/simulations.md).");
        sim.AddCommand<SimRunCommand>("run")
            .WithDescription("Run a scenario: --seed N --out DIR and the scenario's options as --name value (sim list shows them with their defaults).")
            .WithExample("sim", "run", "flood", "--seed", "7", "--out", "runs/flood-7")
            .WithExample("sim", "run", "flood", "--param", "rain=cloudburst", "--param", "hours=12")
            .WithExample("sim", "run", "snowstorm", "--seed", "3", "--param", "fault-rate-scale=2");
        sim.AddCommand<SimCompareCommand>("compare")
            .WithDescription("Compare two runs of one scenario: the summary's numbers and the rows that differ.")
            .WithExample("sim", "compare", "runs/flood-7", "runs/flood-8", "--out", "runs/compare");
        sim.AddCommand<SimListCommand>("list").WithDescription("List the scenarios with their options and defaults.");
    }
}
