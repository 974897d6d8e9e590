using System.Diagnostics;
using System.Text;

namespace Twin.Durability.Tests.Infrastructure;

/// <summary>
/// What a child process (a silo, mosquitto, Prometheus) wrote to stdout and stderr, line by line, with the
/// test's own timestamped notes among it, so a failing test can show what happened when.
/// </summary>
public sealed class ProcessOutput
{
    private readonly StringBuilder _text = new();
    private readonly Lock _lock = new();

    /// <summary>Starts <paramref name="process"/> with its output read into this log and a note when it ends.</summary>
    public void Start(Process process, string name)
    {
        process.StartInfo.RedirectStandardOutput = true;
        process.StartInfo.RedirectStandardError = true;
        process.StartInfo.UseShellExecute = false;
        process.EnableRaisingEvents = true;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Exited += (_, _) => Note($"{name}: process ended, exit code {process.ExitCode}");
        Note($"{name}: {process.StartInfo.FileName} {string.Join(' ', process.StartInfo.ArgumentList)}");
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start {name} ({process.StartInfo.FileName}).");
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>A line of the test's own, timestamped like the processes' logs.</summary>
    public void Note(string line) => Append($"{DateTime.Now:HH:mm:ss.fff} ### {line}");

    /// <summary>A position in the log, to read what was written after it.</summary>
    public int Mark()
    {
        lock (_lock)
        {
            return _text.Length;
        }
    }

    /// <summary>What was written since <paramref name="mark"/>.</summary>
    public string Since(int mark)
    {
        lock (_lock)
        {
            return _text.ToString(mark, _text.Length - mark);
        }
    }

    /// <summary>Everything so far.</summary>
    public override string ToString()
    {
        lock (_lock)
        {
            return _text.ToString();
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_lock)
        {
            _text.AppendLine(line);
        }
    }
}

/// <summary>The repository the tests run from: the folder holding Twin.sln, above the test assembly's folder.</summary>
public static class Repository
{
    private static readonly Lazy<string?> Found = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Twin.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName;
    });

    /// <summary>The repository's root folder, or null when the tests run outside a checkout.</summary>
    public static string? RootOrNull => Found.Value;

    /// <summary>The repository's root folder.</summary>
    public static string Root => Found.Value
        ?? throw new DirectoryNotFoundException($"No Twin.sln above {AppContext.BaseDirectory}: run the tests from a checkout.");
}
