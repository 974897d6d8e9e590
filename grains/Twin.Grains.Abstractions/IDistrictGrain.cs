using Orleans.Concurrency;

namespace Twin.Grains.Abstractions;

/// <summary>One of the seven districts (former municipalities), keyed by district id.</summary>
public interface IDistrictGrain : IGrainWithStringKey
{
    /// <summary>A device of this district reports a change in what the district shows.</summary>
    [OneWay]
    Task UpdateDeviceAsync(DeviceDigest digest);

    /// <summary>A river segment of this district reports a change.</summary>
    [OneWay]
    Task UpdateSegmentAsync(SegmentSummary segment);

    /// <summary>The district's weather station reports the current weather.</summary>
    [OneWay]
    Task UpdateWeatherAsync(Weather weather);

    /// <summary>The district's current weather, if a station has reported.</summary>
    ValueTask<Weather?> GetWeatherAsync();

    /// <summary>The district's live state.</summary>
    ValueTask<DistrictSnapshot> GetAsync();

    /// <summary>Every device of the district with its status, without activating the devices.</summary>
    ValueTask<IReadOnlyList<DeviceStatusEntry>> GetDeviceStatusesAsync();

    /// <summary>Children counted per 250 m cell, cells with fewer than five left out, as last published on the children's cadence.</summary>
    ValueTask<IReadOnlyList<CellCount>> GetChildCellsAsync();

    /// <summary>A child tracker of this district was granted or lost its family's consent (counted on the children's next cadence).</summary>
    Task ChildConsentChangedAsync(string deviceId, bool granted);
}
