namespace Twin.Simulation;

/// <summary>Reports a run's progress as its ticks are done, once per whole percent.</summary>
public sealed class TickProgress(IProgress<double>? progress, int ticks)
{
    private int _reported = -1;

    /// <summary>Tick <paramref name="tick"/> (from 0) is done.</summary>
    public void Done(int tick)
    {
        var percent = (int)((tick + 1L) * 100 / ticks);
        if (percent != _reported)
        {
            _reported = percent;
            progress?.Report(percent / 100.0);
        }
    }
}
