using System.Collections.Immutable;
using Twin.Grains.Abstractions.Alarms;

namespace Twin.Grains.Abstractions;

/// <summary>
/// One change for viewers, from a grain to every silo's viewer observer. Exactly one of the payloads is set,
/// by <see cref="Kind"/>; <see cref="Changed"/> lists devices whose status changed since the last message.
/// </summary>
[GenerateSerializer, Immutable, Alias("twin.push-message")]
public sealed record PushMessage(
    [property: Id(0)] PushKind Kind,
    [property: Id(1)] string Key)
{
    /// <summary>The city's summary (<see cref="PushKind.City"/>).</summary>
    [Id(2)] public CitySnapshot? City { get; init; }

    /// <summary>A district's summary (<see cref="PushKind.District"/>).</summary>
    [Id(3)] public DistrictSnapshot? District { get; init; }

    /// <summary>A river segment's summary (<see cref="PushKind.River"/>).</summary>
    [Id(4)] public SegmentSummary? River { get; init; }

    /// <summary>A device's full state (<see cref="PushKind.Device"/>).</summary>
    [Id(5)] public DeviceSnapshot? Device { get; init; }


    /// <summary>Devices whose status changed since the previous message, for recolouring map markers.</summary>
    [Id(7)] public ImmutableArray<DeviceStatusEntry> Changed { get; init; } = [];

    /// <summary>Children counted per 250 m cell (district messages), cells under five left out.</summary>
    [Id(8)] public ImmutableArray<CellCount> ChildCells { get; init; } = [];

    /// <summary>An alarm after one of its transitions (<see cref="PushKind.Alarm"/>).</summary>
    [Id(9)] public Alarm? Alarm { get; init; }
}
