using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;
using Twin.Simulation;

namespace Twin.Cli.Sim;

/// <summary>
/// <c>sim run &lt;scenario&gt; --seed N --out DIR [--option value …]</c>: runs a scenario in an in-process sandbox (no twin
/// needed), or on a running twin with <c>--api URL</c>; a progress bar on a terminal, plain lines when redirected.
/// </summary>
public sealed class SimRunCommand : AsyncCommand<SimRunSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, SimRunSettings settings, CancellationToken cancellationToken)
    {
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var group in context.Remaining.Parsed)
        {
            parameters[group.Key.TrimStart('-')] = group.LastOrDefault() ?? "";
        }
        foreach (var pair in settings.Params)
        {
            var eq = pair.IndexOf('=');
            if (eq <= 0)
            {
                AnsiConsole.MarkupLine($"[red]error:[/] --param takes name=value; got '{Markup.Escape(pair)}'.");
                return 2;
            }
            parameters[pair[..eq]] = pair[(eq + 1)..];
        }
        var output = settings.Out ?? Path.Combine("sim-out", $"{settings.Scenario}-seed{settings.Seed}");
        var request = new SimulationRequest(settings.Scenario, settings.Seed, parameters);
        try
        {
            var watch = Stopwatch.StartNew();
            var files = settings.Api is { } api
                ? await RemoteAsync(api, request, output, cancellationToken)
                : await LocalAsync(request, output, cancellationToken);
            AnsiConsole.MarkupLine($"{Markup.Escape(settings.Scenario)} seed {settings.Seed}: {watch.Elapsed.TotalSeconds:0.0} s; written to [bold]{Markup.Escape(output)}[/]");
            foreach (var file in files)
            {
                AnsiConsole.WriteLine("  " + file);
            }
            return 0;
        }
        catch (ScenarioParameterException e)
        {
            AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
            return 2;
        }
        catch (HttpRequestException e)
        {
            AnsiConsole.MarkupLine($"[red]error:[/] the twin at {Markup.Escape(settings.Api ?? "")} answered: {Markup.Escape(e.Message)}");
            return 3;
        }
    }

    private static async Task<IReadOnlyList<string>> LocalAsync(SimulationRequest request, string output, CancellationToken ct)
    {
        await using var services = new ServiceCollection().AddTwinSimulations().BuildServiceProvider();
        var scenarios = services.GetRequiredService<SimulationScenarios>();
        var scenario = scenarios.Find(request.Scenario)
            ?? throw new ScenarioParameterException("scenario",
                $"No scenario '{request.Scenario}'; there are: {string.Join(", ", scenarios.All.Select(s => s.Name).Order())}.");
        var result = await WithProgressAsync(scenario.Name, progress => scenario.RunAsync(request, progress, ct));
        return SimulationFolder.Write(output, result);
    }

    private static async Task<IReadOnlyList<string>> RemoteAsync(string api, SimulationRequest request, string output, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = new Uri(api.TrimEnd('/') + "/") };
        if (Environment.GetEnvironmentVariable("TWIN_TOKEN") is { Length: > 0 } token)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        var start = await http.PostAsJsonAsync("api/simulations", new { scenario = request.Scenario, seed = request.Seed, parameters = request.Parameters }, ct);
        if (!start.IsSuccessStatusCode)
        {
            var problem = await start.Content.ReadAsStringAsync(ct);
            throw new ScenarioParameterException("api", $"{(int)start.StatusCode} {start.ReasonPhrase}: {problem}");
        }
        var id = (await start.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetString()!;
        JsonElement status = default;
        await WithProgressAsync(request.Scenario, async progress =>
        {
            while (true)
            {
                status = await http.GetFromJsonAsync<JsonElement>($"api/simulations/{id}", ct);
                progress.Report(status.GetProperty("progress").GetDouble());
                var state = status.GetProperty("status").GetString();
                if (state is "completed" or "failed" or "cancelled")
                {
                    return 0;
                }
                await Task.Delay(500, ct);
            }
        });
        if (status.GetProperty("status").GetString() != "completed")
        {
            throw new ScenarioParameterException("api", $"The run {status.GetProperty("status").GetString()}: {(status.TryGetProperty("error", out var e) ? e.GetString() : "")}");
        }
        Directory.CreateDirectory(output);
        var written = new List<string>();
        foreach (var file in status.GetProperty("files").EnumerateArray().Select(f => f.GetString()!).Order(StringComparer.Ordinal))
        {
            var path = Path.Combine(output, file);
            await File.WriteAllBytesAsync(path, await http.GetByteArrayAsync($"api/simulations/{id}/files/{Uri.EscapeDataString(file)}", ct), ct);
            written.Add(path);
        }
        return written;
    }

    private static async Task<T> WithProgressAsync<T>(string name, Func<IProgress<double>, Task<T>> run)
    {
        if (Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
        {
            var last = -1;
            return await run(new Progress<double>(p =>
            {
                var tenth = (int)(p * 10);
                if (tenth != last)
                {
                    last = tenth;
                    Console.WriteLine($"{name}: {tenth * 10}%");
                }
            }));
        }
        return await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask(name, maxValue: 1);
                var result = await run(new Progress<double>(p => task.Value = p));
                task.Value = 1;
                return result;
            });
    }
}
