namespace Twin.Grains.Abstractions;

/// <summary>A bridge girder-end joint sensor with its on-site warning lamp.</summary>
public interface IBridgeJointGrain : IDeviceGrain;
