using Orleans.Concurrency;

namespace Twin.Grains.Abstractions;

/// <summary>Any device of the twin, keyed by its device id.</summary>
public interface IDeviceGrain : IGrainWithStringKey
{
    /// <summary>Offers a decoded, validated reading; says whether it was applied, late (history only) or a duplicate.</summary>
    ValueTask<ApplyOutcome> ApplyAsync(Reading reading);

    /// <summary>The device's live state.</summary>
    ValueTask<DeviceSnapshot> GetAsync();

    /// <summary>Re-evaluates the time-based rules (silence, delays) at the grain's clock's current time.</summary>
    Task CheckAsync();

    /// <summary>A silo's viewers watch this device: send it every change, and the current state now unless it already watched.</summary>
    Task WatchAsync(ITwinViewerObserver observer);

    /// <summary>A silo's viewers no longer watch this device.</summary>
    Task UnwatchAsync(ITwinViewerObserver observer);
}

/// <summary>A river water-level gauge.</summary>
public interface IRiverGaugeGrain : IDeviceGrain;

/// <summary>A snow-melting pump with its panel's fault lamps.</summary>
public interface ISnowPumpGrain : IDeviceGrain;

/// <summary>A bridge girder-end joint sensor with its on-site warning lamp.</summary>
public interface IBridgeJointGrain : IDeviceGrain;

/// <summary>A GPS tracker carried by a schoolchild whose family opted in.</summary>
public interface IChildTrackerGrain : IDeviceGrain;

/// <summary>An environment sensor (weather station, paddy, soil, buoy, people counter).</summary>
public interface IEnvSensorGrain : IDeviceGrain;

/// <summary>One stretch of river, keyed by segment id, aggregating its gauges upstream to downstream.</summary>
public interface IRiverSegmentGrain : IGrainWithStringKey
{
    /// <summary>A gauge of this segment reports a change.</summary>
    [OneWay]
    Task UpdateGaugeAsync(GaugeDigest gauge);

    /// <summary>The segment's live state.</summary>
    ValueTask<SegmentSummary> GetAsync();
}

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

    /// <summary>Children counted per 250 m cell, cells with fewer than five left out.</summary>
    ValueTask<IReadOnlyList<CellCount>> GetChildCellsAsync();
}

/// <summary>The city, aggregating its seven districts; one grain keyed "toyama".</summary>
public interface ICityGrain : IGrainWithStringKey
{
    /// <summary>A district reports its changed summary and the devices whose status changed.</summary>
    [OneWay]
    Task UpdateDistrictAsync(DistrictSnapshot district, IReadOnlyList<DeviceStatusEntry> changed);

    /// <summary>The city's live state.</summary>
    ValueTask<CitySnapshot> GetAsync();
}
