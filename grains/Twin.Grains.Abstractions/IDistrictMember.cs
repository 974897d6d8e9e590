using Orleans.Concurrency;

namespace Twin.Grains.Abstractions;

/// <summary>A device as its district sees it: a new district activation can ask it for its digest again.</summary>
/// <remarks>
/// A device tells its district only what changed, so a district activation that replaced a lost or collected one
/// would otherwise hear nothing from a device that does not change. Every device grain implements this beside its
/// kind's interface; it is reached with the grain id the cluster lists it under.
/// </remarks>
public interface IDistrictMember : IGrainWithStringKey
{
    /// <summary>Sends the device's digest to its district again (answered with <see cref="IDistrictGrain.UpdateDeviceAsync"/>).</summary>
    [OneWay]
    Task ReassertAsync();
}
