using Orleans.Concurrency;

namespace Twin.Grains.Abstractions;

/// <summary>The city, aggregating its seven districts; one grain keyed "toyama".</summary>
public interface ICityGrain : IGrainWithStringKey
{
    /// <summary>A district reports its changed summary and the devices whose status changed.</summary>
    [OneWay]
    Task UpdateDistrictAsync(DistrictSnapshot district, IReadOnlyList<DeviceStatusEntry> changed);

    /// <summary>The city's live state.</summary>
    ValueTask<CitySnapshot> GetAsync();
}
