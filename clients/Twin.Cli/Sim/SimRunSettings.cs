using System.ComponentModel;
using Spectre.Console.Cli;

namespace Twin.Cli.Sim;

/// <summary>What <c>sim run</c> takes; a scenario's own options come as <c>--name value</c> (see <c>sim list</c>) or <c>--param name=value</c>.</summary>
public sealed class SimRunSettings : CommandSettings
{
    [CommandArgument(0, "<scenario>")]
    [Description("The scenario: flood, snowstorm, … (sim list shows each with its options and defaults).")]
    public string Scenario { get; init; } = "";

    [CommandOption("--seed <N>")]
    [Description("The run's seed (default 1): the same scenario, options, seed and build give a byte-identical result.json.")]
    [DefaultValue(1L)]
    public long Seed { get; init; } = 1;

    [CommandOption("--out <DIR>")]
    [Description("The folder for result.json, the CSV series, report.html and affected.geojson (default sim-out/<scenario>-seed<N>).")]
    public string? Out { get; init; }

    [CommandOption("--param <NAME=VALUE>")]
    [Description("A scenario option, as an alternative to --name value; may be repeated.")]
    public string[] Params { get; init; } = [];

    [CommandOption("--api <URL>")]
    [Description("Run on a running twin (its REST API, e.g. http://localhost:5080) instead of in-process; the token comes from TWIN_TOKEN.")]
    public string? Api { get; init; }
}
