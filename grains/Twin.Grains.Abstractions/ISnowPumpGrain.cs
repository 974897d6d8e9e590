namespace Twin.Grains.Abstractions;

/// <summary>A snow-melting pump with its panel's fault lamps.</summary>
public interface ISnowPumpGrain : IDeviceGrain;
