namespace Twin.Grains.Devices;

/// <summary>How device grains keep their snapshots; set by the host from its storage.</summary>
public sealed class DeviceGrainOptions
{
    /// <summary>
    /// Whether a grain with unsaved changes writes its snapshot when the silo shuts down (default true). A host whose
    /// grain storage dies with the silo turns it off: a snapshot written there at shutdown keeps nothing.
    /// </summary>
    public bool SnapshotOnShutdown { get; set; } = true;
}
