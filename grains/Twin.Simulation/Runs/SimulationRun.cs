namespace Twin.Simulation.Runs;

/// <summary>Where a run is in its life.</summary>
public enum SimulationStatus
{
    Queued,
    Running,
    Completed,
    Failed,
    Cancelled,
}

/// <summary>One run the twin holds (in memory): its request, status, progress and, once completed, its files.</summary>
public sealed class SimulationRun
{
    private readonly CancellationTokenSource _cancel = new();
    private double _progress;

    internal SimulationRun(string id, SimulationRequest request, DateTimeOffset submittedAt)
    {
        Id = id;
        Request = request;
        SubmittedAt = submittedAt;
    }

    public string Id { get; }

    public SimulationRequest Request { get; }

    /// <summary>When the run was asked for (wall time; never inside its result).</summary>
    public DateTimeOffset SubmittedAt { get; }

    public SimulationStatus Status { get; internal set; } = SimulationStatus.Queued;

    /// <summary>From 0 to 1.</summary>
    public double Progress => Volatile.Read(ref _progress);

    /// <summary>Why it failed.</summary>
    public string? Error { get; internal set; }

    /// <summary>The run's files by name, once completed.</summary>
    public IReadOnlyDictionary<string, string>? Files { get; internal set; }

    internal CancellationToken CancellationToken => _cancel.Token;

    internal void Report(double progress) => Volatile.Write(ref _progress, progress);

    internal void Cancel() => _cancel.Cancel();
}
