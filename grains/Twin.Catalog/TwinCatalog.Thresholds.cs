using System.Collections.Immutable;
using System.Runtime.CompilerServices;

// The planner's runs draw from the catalog's documented generator (DeterministicRandom) rather than a copy of it.
[assembly: InternalsVisibleTo("Twin.Simulation")]

namespace Twin.Catalog;

public sealed partial class TwinCatalog
{
    /// <summary>
    /// A copy of the base catalog in which the named devices have other thresholds (merged over their own), for a planner's
    /// "what if this gauge's caution level were lower" run; the live twin never uses it.
    /// </summary>
    /// <exception cref="ArgumentException">A device id is not in the base catalog.</exception>
    public TwinCatalog WithThresholds(IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        if (overrides.Count == 0)
        {
            return this;
        }
        foreach (var id in overrides.Keys)
        {
            if (!_byId.ContainsKey(id))
            {
                throw new ArgumentException($"Device '{id}' is not in the catalog.", nameof(overrides));
            }
        }
        var devices = _parts.Devices
            .Select(d => overrides.TryGetValue(d.Id, out var o) ? d with { Thresholds = d.Thresholds.SetItems(o) } : d)
            .ToImmutableArray();
        return new TwinCatalog(_parts with { Devices = devices }, 0);
    }
}
