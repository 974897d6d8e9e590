using System.Text.Json.Serialization;
using Twin.Silo.Auth;
using Twin.Simulation;
using Twin.Simulation.Comparison;
using Twin.Simulation.Runs;

namespace Twin.Silo.Api;

/// <summary>
/// The planner's runs over REST (planner and admin): start a scenario, watch its progress, read its result, report and
/// files, cancel it, compare two. Each run has a sandbox silo of its own; runs are kept in memory (<see cref="SimulationRunner"/>).
/// </summary>
public static class SimulationsApi
{
    /// <summary>A run's request: scenario, seed (default 1) and the scenario's options by name.</summary>
    public sealed record StartRequest(string? Scenario, long? Seed, Dictionary<string, string>? Parameters);

    /// <summary>A run's status.</summary>
    public sealed record RunDto(string Id, string Scenario, long Seed, IReadOnlyDictionary<string, string> Parameters, string Status,
        double Progress, DateTimeOffset SubmittedAt, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error, IReadOnlyList<string> Files);

    /// <summary>A scenario with its options.</summary>
    public sealed record ScenarioDto(string Name, string Description, IReadOnlyList<OptionDto> Options);

    /// <summary>An option with its default; <c>file</c>: names a file, so REST does not take it.</summary>
    public sealed record OptionDto(string Name, string Default, string Description, bool File);

    /// <summary>Maps <c>/api/simulations</c>.</summary>
    public static IEndpointRouteBuilder MapSimulationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/simulations").WithTags("Simulations").RequireAuthorization(TwinPolicies.Planner);

        api.MapGet("/scenarios", (SimulationScenarios scenarios) => TypedResults.Ok(scenarios.All.OrderBy(s => s.Name, StringComparer.Ordinal)
            .Select(s => new ScenarioDto(s.Name, s.Description, [.. s.Options.Select(o => new OptionDto(o.Name, o.Default, o.Description, o.IsFile))]))
            .ToArray())).WithSummary("The scenarios and their options with defaults");

        api.MapPost("/", (StartRequest body, SimulationRunner runner) =>
        {
            if (string.IsNullOrWhiteSpace(body.Scenario))
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "No scenario", detail: "Name a scenario (GET /api/simulations/scenarios lists them).");
            }
            try
            {
                var run = runner.Start(new SimulationRequest(body.Scenario, body.Seed ?? 1,
                    body.Parameters ?? new Dictionary<string, string>()));
                return Results.Accepted($"/api/simulations/{run.Id}", new { id = run.Id });
            }
            catch (ScenarioParameterException e)
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: $"Bad parameter '{e.Parameter}'", detail: e.Message);
            }
        }).WithSummary("Starts a run: 202 with its id; 400 on an unknown scenario or a bad parameter");

        api.MapGet("/", (SimulationRunner runner) => TypedResults.Ok(runner.All.Select(Dto).ToArray())).WithSummary("Runs held (in memory), newest first");

        api.MapGet("/{id}", (string id, SimulationRunner runner) =>
            runner.Find(id) is { } run ? Results.Ok(Dto(run)) : NotFound(id)).WithSummary("A run's status and progress");

        api.MapGet("/{id}/result", (string id, SimulationRunner runner) => File(runner, id, SimulationFolder.ResultFile))
            .WithSummary("The run's result.json");
        api.MapGet("/{id}/report", (string id, SimulationRunner runner) => File(runner, id, SimulationFolder.ReportFile))
            .WithSummary("The run's report.html (self-contained)");
        api.MapGet("/{id}/files/{name}", (string id, string name, SimulationRunner runner) => File(runner, id, name))
            .WithSummary("One of the run's files (result.json, report.html, affected.geojson, CSV series)");

        api.MapPost("/{id}/cancel", (string id, SimulationRunner runner) => Cancel(runner, id)).WithSummary("Cancels a queued or running run");
        api.MapDelete("/{id}", (string id, SimulationRunner runner) => Cancel(runner, id)).WithSummary("Cancels a queued or running run");

        api.MapGet("/compare", (string a, string b, SimulationRunner runner, string? format) =>
        {
            if (runner.Find(a)?.Files?[SimulationFolder.ResultFile] is not { } resultA)
            {
                return NotFound(a);
            }
            if (runner.Find(b)?.Files?[SimulationFolder.ResultFile] is not { } resultB)
            {
                return NotFound(b);
            }
            try
            {
                var comparison = ResultComparison.Compare(resultA, resultB);
                return format == "html"
                    ? Results.Content(ResultComparison.Report(comparison), "text/html; charset=utf-8")
                    : Results.Content(SimulationJson.Serialize(comparison), "application/json; charset=utf-8");
            }
            catch (ScenarioParameterException e)
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Runs do not compare", detail: e.Message);
            }
        }).WithSummary("Compares two completed runs of one scenario (format=html for a page)");
        return app;
    }

    private static RunDto Dto(SimulationRun run) => new(run.Id, run.Request.Scenario, run.Request.Seed,
        new SortedDictionary<string, string>(run.Request.Parameters.ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal),
        System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(run.Status.ToString()), Math.Round(run.Progress, 3), run.SubmittedAt, run.Error,
        run.Files is { } files ? [.. files.Keys] : []);

    private static IResult File(SimulationRunner runner, string id, string name)
    {
        if (runner.Find(id) is not { } run)
        {
            return NotFound(id);
        }
        if (run.Files is not { } files)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not completed",
                detail: $"Run {id} is {run.Status.ToString().ToLowerInvariant()}{(run.Error is null ? "" : ": " + run.Error)}.");
        }
        if (!files.TryGetValue(name, out var text))
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such file", detail: $"Run {id} has {string.Join(", ", files.Keys)}.");
        }
        var type = Path.GetExtension(name) switch
        {
            ".json" => "application/json",
            ".geojson" => "application/geo+json",
            ".html" => "text/html",
            _ => "text/csv",
        };
        return Results.Content(text, type + "; charset=utf-8");
    }

    private static IResult Cancel(SimulationRunner runner, string id) =>
        runner.Find(id) is null ? NotFound(id)
        : runner.Cancel(id) ? Results.Accepted($"/api/simulations/{id}")
        : Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Over", detail: $"Run {id} is over already.");

    private static IResult NotFound(string id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such run", detail: $"No run '{id}' (runs are kept in memory; a restart forgets them).");
}
