using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;
using Twin.Simulation;

namespace Twin.Cli.Sim;

/// <summary><c>sim list</c>: every scenario with its options and their defaults.</summary>
public sealed class SimListCommand : Command
{
    public override int Execute(CommandContext context, CancellationToken cancellationToken)
    {
        using var services = new ServiceCollection().AddTwinSimulations().BuildServiceProvider();
        foreach (var scenario in services.GetRequiredService<SimulationScenarios>().All.OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            AnsiConsole.MarkupLine($"[bold]{Markup.Escape(scenario.Name)}[/] — {Markup.Escape(scenario.Description)}");
            var table = new Table().AddColumns("option", "default", "meaning");
            foreach (var option in scenario.Options)
            {
                table.AddRow(Markup.Escape("--" + option.Name), Markup.Escape(option.Default.Length == 0 ? "(none)" : option.Default), Markup.Escape(option.Description));
            }
            AnsiConsole.Write(table);
        }
        return 0;
    }
}
