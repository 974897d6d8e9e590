namespace Twin.Grains.Aggregates;

/// <summary>
/// Latest-state-wins coalescing for aggregate grains: changes mark the grain dirty and a grain timer sends (or
/// saves) one update per interval at most, so a storm of device changes becomes a few messages a second.
/// </summary>
internal sealed class Coalescer(Grain grain, TimeSpan interval, Func<Task> flush)
{
    private IGrainTimer? _timer;
    private bool _dirty;

    /// <summary>The default interval between pushes of an aggregate.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Marks the state changed; the next tick pushes it.</summary>
    public void MarkDirty()
    {
        _dirty = true;
        _timer ??= grain.RegisterGrainTimer(
            static (self, _) => self.TickAsync(),
            this,
            new GrainTimerCreationOptions { DueTime = interval, Period = interval, KeepAlive = true });
    }

    /// <summary>Pushes now if anything changed (e.g. when the grain deactivates); a push that fails is tried again on the next tick.</summary>
    public async Task FlushAsync()
    {
        if (_dirty)
        {
            _dirty = false;
            try
            {
                await flush();
            }
            catch
            {
                _dirty = true;
                throw;
            }
        }
    }

    private async Task TickAsync()
    {
        if (!_dirty)
        {
            // Nothing changed for a whole interval: stop ticking until the next change.
            _timer?.Dispose();
            _timer = null;
            return;
        }
        await FlushAsync();
    }
}
