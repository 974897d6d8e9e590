using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Twin.Catalog;
using Twin.Grains.Abstractions;
using Twin.Grains.Rules;

namespace Twin.Grains.Devices;

/// <summary>A child's tracker: whether the child is out and about, and the 250 m cell; the position never leaves this grain.</summary>
public sealed class ChildTrackerGrain(
    [PersistentState("device", "twin")] IPersistentState<DeviceState> state,
    DeviceGrainServices services,
    ILogger<ChildTrackerGrain> logger) : DeviceGrain(state, services, logger), IChildTrackerGrain
{
    private static readonly ImmutableHashSet<string> PositionFields = ["lat", "lon"];

    private GeoPoint? _school;

    protected override ValueTask<Verdict> EvaluateAsync(DateTimeOffset now) =>
        ValueTask.FromResult(State.Reading is null ? Verdict.Of(TwinStatus.Unknown) : ChildTrackerRules.Evaluate(State.Reading.Get("battery_pct")));

    protected override DeviceDigest Digest(DeviceDigest digest)
    {
        if (State.Reading is not { } r || r.Get("lat") is not { } lat || r.Get("lon") is not { } lon || State.Silent)
        {
            return digest with { Out = false };
        }
        _school ??= Catalog.Schools.FirstOrDefault(s => s.Id == Info.School)?.Position ?? Info.Position;
        return digest with
        {
            Out = ChildTrackerRules.IsOutAndAbout(_school, lat, lon, State.LastMovedAt, Clock.GetUtcNow()),
            Cell = Mesh.QuarterMeshCode(lat, lon),
        };
    }

    protected override Task OnReadingAsync(Reading reading, Reading? previous, DateTimeOffset now)
    {
        if (previous?.Get("lat") is { } lat0 && previous.Get("lon") is { } lon0 && reading.Get("lat") is { } lat && reading.Get("lon") is { } lon
            && Geo.DistanceM(lat0, lon0, lat, lon) >= ChildTrackerRules.MovedM)
        {
            State.LastMovedAt = reading.Ts;
        }
        return Task.CompletedTask;
    }

    protected override Reading? PublicReading(Reading? reading) =>
        reading is null ? null : reading with { Values = reading.Values.RemoveRange(PositionFields) };
}
