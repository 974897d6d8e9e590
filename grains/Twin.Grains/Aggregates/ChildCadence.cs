using Twin.Catalog;
using Twin.Grains.Abstractions;

namespace Twin.Grains.Aggregates;

/// <summary>
/// The children of one district as it publishes them: what their trackers tell and consent changes are held until the next
/// tick of a fixed cadence, then counted all at once into the district's tally and its cells (fewer than
/// <see cref="MinPerCell"/> left out). Between two ticks nothing about children changes, so no update follows one child's move.
/// Plain C#, no Orleans: the district grain ticks it on a timer.
/// </summary>
public sealed class ChildCadence(Tally tally)
{
    /// <summary>Cells with fewer children than this are left out (they still count in the district total).</summary>
    public const int MinPerCell = 5;

    private readonly Dictionary<string, DeviceDigest> _told = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DeviceDigest> _counted = new(StringComparer.Ordinal);
    private readonly HashSet<string> _consented = new(StringComparer.Ordinal);
    private bool _dirty;

    /// <summary>The children per cell as last published, by cell code.</summary>
    public IReadOnlyList<CellCount> Cells { get; private set; } = [];

    /// <summary>Children whose family consents, as the register said at activation (published at once: nothing was published before).</summary>
    public void StartWith(IEnumerable<string> consented)
    {
        _consented.UnionWith(consented);
        tally.ChildrenRegistered = _consented.Count;
    }

    /// <summary>A digest the district restored from its saved table; the caller counted it already (it carries no cell).</summary>
    public void Restored(DeviceDigest digest)
    {
        _told[digest.Id] = digest;
        _counted[digest.Id] = digest;
    }

    /// <summary>A tracker tells its digest: held until the next tick.</summary>
    public void Tell(DeviceDigest digest)
    {
        _told[digest.Id] = digest;
        _dirty = true;
    }

    /// <summary>A family's consent was granted or withdrawn: counted on the next tick.</summary>
    public void ConsentChanged(string deviceId, bool granted) =>
        _dirty |= granted ? _consented.Add(deviceId) : _consented.Remove(deviceId);

    /// <summary>The cadence ticks: counts everything told since the last tick; true when anything was (the district then publishes).</summary>
    public bool Tick()
    {
        if (!_dirty)
        {
            return false;
        }
        _dirty = false;
        foreach (var (id, digest) in _told)
        {
            if (!_counted.TryGetValue(id, out var counted) || counted != digest)
            {
                tally.Replace(counted, digest, digest.Kind);
                _counted[id] = digest;
            }
        }
        tally.ChildrenRegistered = _consented.Count;
        var cells = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var d in _counted.Values)
        {
            if (!d.Silent && d.Cell is { } cell)
            {
                cells[cell] = cells.GetValueOrDefault(cell) + 1;
            }
        }
        Cells = [.. cells
            .Where(c => c.Value >= MinPerCell)
            .OrderBy(c => c.Key, StringComparer.Ordinal)
            .Select(c =>
            {
                var centre = Mesh.CellCentre(c.Key);
                return new CellCount(c.Key, centre.Lat, centre.Lon, c.Value);
            })];
        return true;
    }
}
