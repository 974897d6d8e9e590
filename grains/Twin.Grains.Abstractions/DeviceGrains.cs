namespace Twin.Grains.Abstractions;

/// <summary>Reaching a device's grain when only its kind is known (ingestion, the API, the hub, the silence watch).</summary>
public static class DeviceGrains
{
    // Per kind, the grain type and interface type Orleans resolved for the first reference. GetGrain<T>(string)
    // resolves the interface's type name by convention on every call (parsing and rewriting type names: about
    // 7 % of the bytes allocated per reading at full ingestion); a reference made from the cached pair is the
    // same reference, built from a dictionary lookup.
    // A class, so that publishing it to other threads is one reference write.
    private sealed record KindTypes(GrainType Grain, GrainInterfaceType Interface);

    private static readonly KindTypes?[] Types = new KindTypes?[Enum.GetValues<DeviceKind>().Length];

    /// <summary>The grain of device <paramref name="id"/> of <paramref name="kind"/>.</summary>
    public static IDeviceGrain GetDeviceGrain(this IGrainFactory grains, DeviceKind kind, string id)
    {
        var index = (int)kind;
        if ((uint)index < (uint)Types.Length && Types[index] is { } types)
        {
            return (IDeviceGrain)grains.GetGrain(GrainId.Create(types.Grain, id), types.Interface);
        }
        var grain = ByConvention(grains, kind, id); // throws for a kind that is not one of ours
        var reference = (GrainReference)grain;
        Types[index] = new KindTypes(reference.GrainId.Type, reference.InterfaceType);
        return grain;
    }

    private static IDeviceGrain ByConvention(IGrainFactory grains, DeviceKind kind, string id) => kind switch
    {
        DeviceKind.RiverGauge => grains.GetGrain<IRiverGaugeGrain>(id),
        DeviceKind.SnowPump => grains.GetGrain<ISnowPumpGrain>(id),
        DeviceKind.BridgeJoint => grains.GetGrain<IBridgeJointGrain>(id),
        DeviceKind.ChildTracker => grains.GetGrain<IChildTrackerGrain>(id),
        DeviceKind.EnvSensor => grains.GetGrain<IEnvSensorGrain>(id),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
