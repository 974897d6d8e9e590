using Twin.Catalog;
using Twin.Grains.Abstractions;

namespace Twin.Grains.Aggregates;

/// <summary>
/// Asks the devices of one district that are active anywhere in the cluster to say their digest again, without
/// activating any other: a device active nowhere changes nothing, and it told the district its last change while it
/// was active (and once more when it was collected), so the district's saved table holds it.
/// </summary>
/// <remarks>
/// The cluster's management grain lists the active grains of each device kind (one call per silo and kind, each
/// silo scanning its own activations), and only this district's devices are asked, one one-way message each. Their
/// answers take the same one-way path as their changes, from the same activation, so they are ordered with its
/// changes exactly as its changes are ordered among themselves.
/// Run once per district activation, not per update: at 100,000 devices that is a few megabytes of grain ids per
/// activation. A city of millions would want a per-silo index by district instead, so that each silo answers with
/// one district's devices only.
/// </remarks>
internal static class LiveDevices
{
    /// <summary>Any key: only the grain type of a kind's reference is used.</summary>
    private const string TypeProbe = "-";

    /// <summary>Asks the live devices of <paramref name="district"/> to re-assert their digest; returns how many were asked.</summary>
    public static async Task<int> AskToReassertAsync(IGrainFactory grains, TwinCatalog catalog, string district)
    {
        var management = grains.GetGrain<IManagementGrain>(0);
        var active = await Task.WhenAll(WireNames.AllKinds.Select(kind =>
            management.GetActiveGrains(grains.GetDeviceGrain(kind, TypeProbe).GetGrainId().Type).AsTask()));
        var asked = 0;
        foreach (var id in active.SelectMany(ids => ids))
        {
            if (catalog.TryGetDevice(id.Key.ToString()!, out var device) && device.District == district)
            {
                _ = grains.GetGrain<IDistrictMember>(id).ReassertAsync();
                asked++;
            }
        }
        return asked;
    }
}
