namespace Twin.Grains.Abstractions;

/// <summary>An environment sensor (weather station, paddy, soil, buoy, people counter).</summary>
public interface IEnvSensorGrain : IDeviceGrain;
