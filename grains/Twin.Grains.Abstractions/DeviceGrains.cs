namespace Twin.Grains.Abstractions;

/// <summary>Reaching a device's grain when only its kind is known (ingestion, the API, the hub, the silence watch).</summary>
public static class DeviceGrains
{
    /// <summary>The grain of device <paramref name="id"/> of <paramref name="kind"/>.</summary>
    public static IDeviceGrain GetDeviceGrain(this IGrainFactory grains, DeviceKind kind, string id) => kind switch
    {
        DeviceKind.RiverGauge => grains.GetGrain<IRiverGaugeGrain>(id),
        DeviceKind.SnowPump => grains.GetGrain<ISnowPumpGrain>(id),
        DeviceKind.BridgeJoint => grains.GetGrain<IBridgeJointGrain>(id),
        DeviceKind.ChildTracker => grains.GetGrain<IChildTrackerGrain>(id),
        DeviceKind.EnvSensor => grains.GetGrain<IEnvSensorGrain>(id),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
