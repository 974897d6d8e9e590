using System.ComponentModel;
using Spectre.Console.Cli;

namespace Twin.Cli.Sim;

/// <summary>What <c>sim compare</c> takes.</summary>
public sealed class SimCompareSettings : CommandSettings
{
    [CommandArgument(0, "<DIR_A>")]
    [Description("The first run's folder (holding result.json).")]
    public string A { get; init; } = "";

    [CommandArgument(1, "<DIR_B>")]
    [Description("The second run's folder.")]
    public string B { get; init; } = "";

    [CommandOption("--out <DIR>")]
    [Description("Where compare.json and compare.html go (default sim-out/compare).")]
    public string Out { get; init; } = Path.Combine("sim-out", "compare");
}
