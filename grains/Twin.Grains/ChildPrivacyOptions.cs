namespace Twin.Grains;

/// <summary>How districts publish what they know of children; set by the host from <c>Twin:Privacy</c>.</summary>
public sealed class ChildPrivacyOptions
{
    /// <summary>
    /// Children's counts (cells, reporting, out and about, registered) are recomputed and published on this fixed cadence,
    /// never on a single child's move, so a watcher cannot difference two updates to follow one child (default 60 s).
    /// </summary>
    public TimeSpan Cadence { get; set; } = TimeSpan.FromSeconds(60);
}
