using Twin.Grains.Devices;

namespace Twin.Simulation.Sandbox;

/// <summary>A run's downlinks: the lamp commands the grains would have sent, recorded and never sent.</summary>
public sealed class RecordingDownlinks : IDownlinkSender
{
    private readonly Lock _lock = new();
    private readonly List<LampCommand> _sent = [];

    /// <summary>The commands in the order the grains gave them.</summary>
    public IReadOnlyList<LampCommand> Sent
    {
        get
        {
            lock (_lock)
            {
                return [.. _sent];
            }
        }
    }

    public Task SendLampAsync(LampCommand command, DateTimeOffset now)
    {
        lock (_lock)
        {
            _sent.Add(command);
        }
        return Task.CompletedTask;
    }
}
