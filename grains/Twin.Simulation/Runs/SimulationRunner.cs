using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Twin.Simulation.Runs;

/// <summary>
/// Runs scenarios for the REST API: several at once, at most <see cref="MaxConcurrent"/> running (the rest queued), each
/// cancellable, each in its own sandbox. Runs are kept in memory (the last <see cref="MaxKept"/>; a restart forgets them).
/// </summary>
public sealed partial class SimulationRunner(SimulationScenarios scenarios, TimeProvider clock, ILogger<SimulationRunner> logger)
{
    /// <summary>Runs that run at the same time; the others wait their turn.</summary>
    public const int MaxConcurrent = 2;

    /// <summary>Runs kept; the oldest finished ones go first.</summary>
    public const int MaxKept = 50;

    private readonly SemaphoreSlim _slots = new(MaxConcurrent);
    private readonly ConcurrentDictionary<string, SimulationRun> _runs = new(StringComparer.Ordinal);

    /// <summary>Every run held, newest first.</summary>
    public IReadOnlyList<SimulationRun> All => [.. _runs.Values.OrderByDescending(r => r.SubmittedAt).ThenBy(r => r.Id, StringComparer.Ordinal)];

    public SimulationRun? Find(string id) => _runs.GetValueOrDefault(id);

    /// <summary>
    /// Queues a run; throws <see cref="ScenarioParameterException"/> at once for an unknown scenario, an option it does
    /// not have, a bad value, or an option naming a file (a client must not make the twin read its files).
    /// </summary>
    public SimulationRun Start(SimulationRequest request)
    {
        var scenario = scenarios.Find(request.Scenario)
            ?? throw new ScenarioParameterException("scenario",
                $"No scenario '{request.Scenario}'; there are: {string.Join(", ", scenarios.All.Select(s => s.Name).Order(StringComparer.Ordinal))}.");
        scenario.Validate(request);
        var parameters = new ScenarioParameters(request, scenario.Options);
        foreach (var option in scenario.Options.Where(o => o.IsFile))
        {
            if (parameters.Text(option.Name).Length > 0)
            {
                throw new ScenarioParameterException(option.Name, $"Option '{option.Name}' names a file; over REST it is not taken (use the CLI).");
            }
        }
        var run = new SimulationRun(Guid.NewGuid().ToString("N"), request with { Scenario = scenario.Name }, clock.GetUtcNow());
        _runs[run.Id] = run;
        Trim();
        _ = Task.Run(() => ExecuteAsync(scenario, run));
        return run;
    }

    /// <summary>Cancels a queued or running run; false when there is no such run or it is over.</summary>
    public bool Cancel(string id)
    {
        if (!_runs.TryGetValue(id, out var run) || run.Status is not (SimulationStatus.Queued or SimulationStatus.Running))
        {
            return false;
        }
        run.Cancel();
        return true;
    }

    private async Task ExecuteAsync(ISimulationScenario scenario, SimulationRun run)
    {
        try
        {
            await _slots.WaitAsync(run.CancellationToken);
        }
        catch (OperationCanceledException)
        {
            run.Status = SimulationStatus.Cancelled;
            return;
        }
        try
        {
            run.Status = SimulationStatus.Running;
            Log.Started(logger, run.Id, scenario.Name, run.Request.Seed);
            var output = await scenario.RunAsync(run.Request, new Progress(run), run.CancellationToken);
            var files = new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                [SimulationFolder.ResultFile] = output.ResultJson,
                [SimulationFolder.ReportFile] = output.ReportHtml,
                [SimulationFolder.AffectedFile] = output.AffectedGeoJson,
            };
            foreach (var (name, text) in output.CsvFiles)
            {
                files[name] = text;
            }
            run.Files = files;
            run.Report(1);
            run.Status = SimulationStatus.Completed;
            Log.Completed(logger, run.Id, scenario.Name);
        }
        catch (OperationCanceledException) when (run.CancellationToken.IsCancellationRequested)
        {
            run.Status = SimulationStatus.Cancelled;
        }
        catch (ScenarioParameterException e)
        {
            run.Error = e.Message;
            run.Status = SimulationStatus.Failed;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            run.Error = e.Message;
            run.Status = SimulationStatus.Failed;
            Log.Failed(logger, run.Id, scenario.Name, e);
        }
        finally
        {
            _slots.Release();
        }
    }

    private void Trim()
    {
        foreach (var old in _runs.Values
            .Where(r => r.Status is SimulationStatus.Completed or SimulationStatus.Failed or SimulationStatus.Cancelled)
            .OrderBy(r => r.SubmittedAt)
            .Take(Math.Max(0, _runs.Count - MaxKept)))
        {
            _runs.TryRemove(old.Id, out _);
        }
    }

    private sealed class Progress(SimulationRun run) : IProgress<double>
    {
        public void Report(double value) => run.Report(value);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 900, Level = LogLevel.Information, Message = "Simulation {RunId} ({Scenario}, seed {Seed}) started")]
        public static partial void Started(ILogger logger, string runId, string scenario, long seed);

        [LoggerMessage(EventId = 901, Level = LogLevel.Information, Message = "Simulation {RunId} ({Scenario}) completed")]
        public static partial void Completed(ILogger logger, string runId, string scenario);

        [LoggerMessage(EventId = 902, Level = LogLevel.Error, Message = "Simulation {RunId} ({Scenario}) failed")]
        public static partial void Failed(ILogger logger, string runId, string scenario, Exception exception);
    }
}
