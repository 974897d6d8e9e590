using Microsoft.Extensions.Options;
using Twin.Catalog;
using Twin.Grains;
using Twin.Grains.Abstractions;
using Twin.Storage.Consent;
using Twin.Storage.History;

namespace Twin.Silo.Privacy;

/// <summary>
/// The consent register: what the grains read (<see cref="IConsentLookup"/>), and the one way a decision is recorded. A
/// withdrawal is stored first (so that any silo's new activation of the tracker reads it), audited, then the tracker forgets
/// the child (live reading, snapshot, cell) and its readings are deleted from the history; each step may be repeated.
/// </summary>
public sealed class ConsentRegister(
    IConsentStore store,
    AuditTrail audit,
    IHistoryMaintenance history,
    IGrainFactory grains,
    TwinCatalog catalog,
    IOptions<PrivacyOptions> options,
    [FromKeyedServices(TwinClock.Key)] TimeProvider clock,
    ILogger<ConsentRegister> logger) : IConsentLookup, IDisposable
{
    /// <summary>The actor of the demo seed.</summary>
    public const string SystemActor = "system";

    /// <summary>The basis of the demo seed.</summary>
    public const string DemoSeedBasis = "demo-seed";

    private readonly SemaphoreSlim _seeding = new(1, 1);
    private volatile bool _seeded;

    /// <inheritdoc />
    public async ValueTask<bool> IsGrantedAsync(string deviceId, CancellationToken ct = default)
    {
        await EnsureSeededAsync(ct);
        return (await store.FindAsync(deviceId, ct))?.Granted == true;
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlySet<string>> GrantedAsync(CancellationToken ct = default)
    {
        await EnsureSeededAsync(ct);
        return (await store.ListAsync(ct)).Where(r => r.Granted).Select(r => r.DeviceId).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The child's entry, or null when none was recorded.</summary>
    public async Task<ConsentRecord?> FindAsync(string deviceId, CancellationToken ct = default)
    {
        await EnsureSeededAsync(ct);
        return await store.FindAsync(deviceId, ct);
    }

    /// <summary>Every entry.</summary>
    public async Task<IReadOnlyList<ConsentRecord>> ListAsync(CancellationToken ct = default)
    {
        await EnsureSeededAsync(ct);
        return await store.ListAsync(ct);
    }

    /// <summary>Records a family's decision by <paramref name="actor"/>; on a withdrawal, deletes the child's readings and last position at once.</summary>
    public async Task<ConsentRecord> RecordAsync(DeviceInfo child, bool granted, string basis, string comment, string actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(child);
        await EnsureSeededAsync(ct);
        var record = new ConsentRecord(child.Id, granted, basis, comment, actor, clock.GetUtcNow());
        await store.PutAsync(record, ct);
        await audit.RecordAsync(actor, granted ? AuditActions.ConsentGrant : AuditActions.ConsentRevoke, child.Id,
            $"basis: {basis}" + (comment.Length > 0 ? $"; comment: {comment}" : ""), ct);
        await grains.GetGrain<IChildTrackerGrain>(child.Id).SetConsentAsync(granted);
        long deleted = 0;
        if (!granted)
        {
            deleted = await history.DeleteDevicesAsync([child.Id], cutoff: null, ct);
        }
        PrivacyLog.Recorded(logger, child.Id, granted ? "granted" : "withdrawn", actor, deleted);
        return record;
    }

    /// <summary>Fills an empty register from the catalog's demo consents unless <c>Twin:Privacy:SeedDemoConsents=false</c>; once per process.</summary>
    public async Task EnsureSeededAsync(CancellationToken ct = default)
    {
        if (_seeded)
        {
            return;
        }
        await _seeding.WaitAsync(ct);
        try
        {
            if (_seeded)
            {
                return;
            }
            if (options.Value.SeedDemoConsents)
            {
                var now = clock.GetUtcNow();
                var records = catalog.Devices.Where(d => d.Kind == DeviceKind.ChildTracker)
                    .Select(d => new ConsentRecord(d.Id, d.Consent, DemoSeedBasis, "", SystemActor, now)).ToList();
                if (await store.SeedIfEmptyAsync(records, ct))
                {
                    var granted = records.Count(r => r.Granted);
                    await audit.RecordAsync(SystemActor, AuditActions.ConsentSeed, "register", $"{records.Count} children, {granted} granted", ct);
                    PrivacyLog.Seeded(logger, records.Count, granted);
                }
            }
            _seeded = true;
        }
        finally
        {
            _seeding.Release();
        }
    }

    public void Dispose() => _seeding.Dispose();
}
