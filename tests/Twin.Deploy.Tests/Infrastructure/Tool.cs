using System.Diagnostics;
using System.Text;

namespace Twin.Deploy.Tests.Infrastructure;

/// <summary>What a finished command said.</summary>
public sealed record ToolResult(int ExitCode, string Output, string Error)
{
    /// <summary>Both streams, for an assertion's message.</summary>
    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Output}\n--- stderr ---\n{Error}";
}

/// <summary>Runs an outside command (docker-compose, node, npm, mosquitto_passwd) to its end, with a deadline.</summary>
public static class Tool
{
    /// <summary>
    /// Runs <paramref name="file"/>; with <paramref name="environment"/> given the child gets only those variables (and
    /// PATH, HOME), not this process's. Fails the test when the command is not installed or overruns <paramref name="timeout"/>.
    /// </summary>
    public static async Task<ToolResult> RunAsync(string file, IEnumerable<string> args, string workingDirectory,
        IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null, string? installHint = null)
    {
        var info = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }
        if (environment is not null)
        {
            var keep = new[] { "PATH", "HOME" }.ToDictionary(k => k, Environment.GetEnvironmentVariable);
            info.Environment.Clear();
            foreach (var (k, v) in keep)
            {
                if (v is not null)
                {
                    info.Environment[k] = v;
                }
            }
            foreach (var (k, v) in environment)
            {
                info.Environment[k] = v;
            }
        }
        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"{file} could not be started ({ex.Message}). {installHint ?? "./test.sh installs what the tests need."}", ex);
        }
        using (process)
        {
            var output = new StringBuilder();
            var error = new StringBuilder();
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (error) { error.AppendLine(e.Data); } } };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{file} {string.Join(' ', info.ArgumentList)} did not finish within {(timeout ?? TimeSpan.FromMinutes(2)).TotalSeconds:0} s.\n{output}\n{error}");
            }
            // The asynchronous readers may still hold the last lines.
            process.WaitForExit();
            return new ToolResult(process.ExitCode, output.ToString(), error.ToString());
        }
    }
}
