namespace Twin.Grains.Abstractions;

/// <summary>A river water-level gauge.</summary>
public interface IRiverGaugeGrain : IDeviceGrain;
