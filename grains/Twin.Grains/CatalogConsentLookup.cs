using System.Collections.Frozen;
using Twin.Catalog;
using Twin.Grains.Abstractions;

namespace Twin.Grains;

/// <summary>The catalog's demo consents, read-only: for a host without a consent register (grain tests, tools). The silo replaces it by its register.</summary>
public sealed class CatalogConsentLookup(TwinCatalog catalog) : IConsentLookup
{
    private readonly FrozenSet<string> _granted = catalog.Devices
        .Where(d => d.Kind == DeviceKind.ChildTracker && d.Consent).Select(d => d.Id).ToFrozenSet(StringComparer.Ordinal);

    /// <inheritdoc />
    public ValueTask<bool> IsGrantedAsync(string deviceId, CancellationToken ct = default) => ValueTask.FromResult(_granted.Contains(deviceId));

    /// <inheritdoc />
    public ValueTask<IReadOnlySet<string>> GrantedAsync(CancellationToken ct = default) => ValueTask.FromResult<IReadOnlySet<string>>(_granted);
}
