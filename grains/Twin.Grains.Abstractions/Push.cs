using System.Collections.Immutable;
using Orleans.Concurrency;

namespace Twin.Grains.Abstractions;

/// <summary>Which hub message a push becomes; the names are the SignalR client methods of the wire contract.</summary>
public enum PushKind
{
    City,
    District,
    River,
    Device,
    Alarm,
}

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

    /// <summary>An alarm (<see cref="PushKind.Alarm"/>).</summary>
    [Id(6)] public AlarmInfo? Alarm { get; init; }

    /// <summary>Devices whose status changed since the previous message, for recolouring map markers.</summary>
    [Id(7)] public ImmutableArray<DeviceStatusEntry> Changed { get; init; } = [];

    /// <summary>Children counted per 250 m cell (district messages), cells under five left out.</summary>
    [Id(8)] public ImmutableArray<CellCount> ChildCells { get; init; } = [];
}

/// <summary>An alarm as viewers see it (ISA-18.2 states).</summary>
[GenerateSerializer, Immutable, Alias("twin.alarm-info")]
public sealed record AlarmInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string DeviceId,
    [property: Id(2)] DeviceKind Kind,
    [property: Id(3)] string District,
    [property: Id(4)] TwinStatus Severity,
    [property: Id(5)] string State,
    [property: Id(6)] DateTimeOffset RaisedAt,
    [property: Id(7)] string Message);

/// <summary>One per silo: receives pushes and forwards them to that silo's SignalR viewers. Grains never touch SignalR.</summary>
public interface ITwinViewerObserver : IGrainObserver
{
    /// <summary>A change to forward to the viewers subscribed to it.</summary>
    [OneWay]
    Task OnPushAsync(PushMessage message);
}

/// <summary>The list of silos' viewer observers; aggregates publish through it. One grain, keyed "twin".</summary>
public interface IViewerRegistryGrain : IGrainWithStringKey
{
    /// <summary>Registers (or renews) a silo's observer; registrations lapse unless renewed.</summary>
    Task RegisterAsync(ITwinViewerObserver observer);

    /// <summary>Removes a silo's observer.</summary>
    Task UnregisterAsync(ITwinViewerObserver observer);

    /// <summary>Sends a change to every registered observer.</summary>
    [OneWay]
    Task PublishAsync(PushMessage message);
}
