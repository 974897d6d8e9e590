namespace Twin.Grains.Abstractions;

/// <summary>A GPS tracker carried by a schoolchild whose family opted in.</summary>
public interface IChildTrackerGrain : IDeviceGrain;
