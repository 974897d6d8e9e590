namespace Twin.Simulation;

/// <summary>
/// One kind of planner run (<c>flood</c>, <c>snowstorm</c>, <c>coverage</c>). A scenario is deterministic: the same
/// request on the same build gives a byte-identical <see cref="SimulationOutput.ResultJson"/>.
/// </summary>
public interface ISimulationScenario
{
    /// <summary>The scenario's name on the CLI and in REST (<c>flood</c>).</summary>
    string Name { get; }

    /// <summary>A line for the CLI's help and the planner page.</summary>
    string Description { get; }

    /// <summary>Every option the scenario reads, each with its default; a run with no parameters runs on the defaults.</summary>
    IReadOnlyList<ScenarioOption> Options { get; }

    /// <summary>Checks a request's parameters without running it (REST answers 400 at once); throws <see cref="ScenarioParameterException"/>.</summary>
    void Validate(SimulationRequest request) => new ScenarioParameters(request, Options).RejectUnknown();

    /// <summary>Runs the scenario; reports progress from 0 to 1; throws <see cref="ScenarioParameterException"/> on a bad parameter.</summary>
    Task<SimulationOutput> RunAsync(SimulationRequest request, IProgress<double>? progress, CancellationToken cancellationToken);
}

/// <summary>A run's request: scenario, seed and parameters by option name (values as text, as the CLI and REST give them).</summary>
public sealed record SimulationRequest(string Scenario, long Seed, IReadOnlyDictionary<string, string> Parameters)
{
    /// <summary>The value given for <paramref name="option"/>, or its default.</summary>
    public string Get(ScenarioOption option) =>
        Parameters.TryGetValue(option.Name, out var value) && !string.IsNullOrWhiteSpace(value) ? value : option.Default;
}

/// <summary>An option of a scenario: its name (kebab-case, <c>--rain</c> on the CLI), default and meaning.</summary>
public sealed record ScenarioOption(string Name, string Default, string Description)
{
    /// <summary>The value names a file the run reads: the CLI takes it, REST refuses it (a client must not make the twin read its files).</summary>
    public bool IsFile { get; init; }
}

/// <summary>A parameter the scenario cannot run with; the CLI prints it and REST answers 400 with it.</summary>
public sealed class ScenarioParameterException(string parameter, string message) : Exception(message)
{
    /// <summary>The option at fault.</summary>
    public string Parameter { get; } = parameter;
}

/// <summary>
/// What a run leaves in its folder: <c>result.json</c> (no wall time or run id inside, lists sorted), CSV series by
/// file name, a self-contained <c>report.html</c> and <c>affected.geojson</c>.
/// </summary>
public sealed record SimulationOutput(
    string ResultJson,
    IReadOnlyDictionary<string, string> CsvFiles,
    string ReportHtml,
    string AffectedGeoJson);
