using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Twin.Catalog;
using Twin.Grains.Abstractions;
using Twin.Grains.Rules;

namespace Twin.Grains.Devices;

/// <summary>
/// A child's tracker: whether the child is out and about, and the 250 m cell; the position never leaves this grain.
/// Readings are taken only while the consent register says the family consents; a withdrawal forgets the child at once.
/// </summary>
public sealed class ChildTrackerGrain(
    [PersistentState("device", "twin")] IPersistentState<DeviceState> state,
    DeviceGrainServices services,
    IConsentLookup consent,
    ILogger<ChildTrackerGrain> logger) : DeviceGrain(state, services, logger), IChildTrackerGrain
{
    private static readonly ImmutableHashSet<string> PositionFields = ["lat", "lon"];

    private GeoPoint? _school;
    private bool _consent;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Asked first: an activation without consent replays nothing.
        _consent = await consent.IsGrantedAsync(this.GetPrimaryKeyString(), cancellationToken);
        await base.OnActivateAsync(cancellationToken);
    }

    protected override bool Admits => _consent;

    public ValueTask<bool> AdmitsAsync() => ValueTask.FromResult(_consent);

    public async Task SetConsentAsync(bool granted)
    {
        _consent = granted;
        if (!granted)
        {
            // Also when this activation already read the withdrawal from the register: the stored snapshot may still hold a position.
            await ForgetAsync();
            DeviceLog.ConsentWithdrawn(Logger, Info.Id);
        }
        await GrainFactory.GetGrain<IDistrictGrain>(Info.District).ChildConsentChangedAsync(Info.Id, granted);
    }

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
