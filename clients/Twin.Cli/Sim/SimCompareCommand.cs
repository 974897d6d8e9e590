using Spectre.Console;
using Spectre.Console.Cli;
using Twin.Simulation;
using Twin.Simulation.Comparison;

namespace Twin.Cli.Sim;

/// <summary><c>sim compare DIR_A DIR_B --out DIR</c>: compare.json and compare.html of two runs of one scenario.</summary>
public sealed class SimCompareCommand : Command<SimCompareSettings>
{
    public override int Execute(CommandContext context, SimCompareSettings settings, CancellationToken cancellationToken)
    {
        string Read(string dir)
        {
            var path = Path.Combine(dir, SimulationFolder.ResultFile);
            if (!File.Exists(path))
            {
                throw new ScenarioParameterException("runs", $"No {SimulationFolder.ResultFile} in '{dir}'.");
            }
            return File.ReadAllText(path);
        }
        try
        {
            var comparison = ResultComparison.Compare(Read(settings.A), Read(settings.B));
            Directory.CreateDirectory(settings.Out);
            File.WriteAllText(Path.Combine(settings.Out, "compare.json"), SimulationJson.Serialize(comparison));
            File.WriteAllText(Path.Combine(settings.Out, "compare.html"), ResultComparison.Report(comparison));
            var table = new Table().AddColumns("summary", "A", "B", "B − A");
            foreach (var v in comparison.Summary)
            {
                table.AddRow(Markup.Escape(v.Name), Fmt(v.A), Fmt(v.B), Fmt(v.Difference));
            }
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"{comparison.Rows.Count} table rows differ; written to [bold]{Markup.Escape(settings.Out)}[/] (compare.json, compare.html).");
            return 0;
        }
        catch (ScenarioParameterException e)
        {
            AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
            return 2;
        }
    }

    private static string Fmt(double v) => v.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
}
