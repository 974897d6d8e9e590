using Microsoft.Extensions.DependencyInjection;
using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Twin.Catalog;
using Twin.Grains.Abstractions;
using Twin.Grains.Rules;
using Twin.Storage;

namespace Twin.Grains.Devices;

/// <summary>A river gauge: warning levels, rate of rise, stuck sensor; tells its river segment of every level change.</summary>
public sealed class RiverGaugeGrain(
    [PersistentState("device", "twin")] IPersistentState<DeviceState> state,
    TwinCatalog catalog,
    [FromKeyedServices(TwinClock.Key)] TimeProvider clock,
    IReadingHistory history,
    SilenceWatch silence,
    ILogger<RiverGaugeGrain> logger) : DeviceGrain(state, catalog, clock, history, silence, logger), IRiverGaugeGrain
{
    private GaugeDigest? _lastGauge;

    protected override Task OnReadingAsync(Reading reading, Reading? previous, DateTimeOffset now)
    {
        if (reading.Get("level_m") is { } level)
        {
            State.Levels = RiverGaugeRules.Add(State.Levels, new LevelSample(reading.Ts, level), now);
        }
        return Task.CompletedTask;
    }

    protected override ValueTask<Verdict> EvaluateAsync(DateTimeOffset now) =>
        ValueTask.FromResult(RiverGaugeRules.Evaluate(GaugeThresholds.From(Info.Thresholds), State.Levels, now));

    protected override async Task OnPublishAsync(DateTimeOffset now)
    {
        if (Info.Segment is null)
        {
            return;
        }
        var gauge = new GaugeDigest(
            Info.Id,
            State.Status,
            State.Silent,
            State.Reading?.Get("level_m"),
            State.Derived.TryGetValue("rise_m_per_10min", out var rise) ? rise : null,
            State.Reading?.Ts,
            State.Anomalies);
        if (_lastGauge is null || gauge.Status != _lastGauge.Status || gauge.Silent != _lastGauge.Silent
            || gauge.LevelM != _lastGauge.LevelM || gauge.RiseMPer10Min != _lastGauge.RiseMPer10Min
            || !gauge.Anomalies.SequenceEqual(_lastGauge.Anomalies))
        {
            _lastGauge = gauge;
            await GrainFactory.GetGrain<IRiverSegmentGrain>(Info.Segment).UpdateGaugeAsync(gauge);
        }
    }
}

/// <summary>A snow-melting pump: fault lamps, pressure, and the weather rules read from its district.</summary>
public sealed class SnowPumpGrain(
    [PersistentState("device", "twin")] IPersistentState<DeviceState> state,
    TwinCatalog catalog,
    [FromKeyedServices(TwinClock.Key)] TimeProvider clock,
    IReadingHistory history,
    SilenceWatch silence,
    ILogger<SnowPumpGrain> logger) : DeviceGrain(state, catalog, clock, history, silence, logger), ISnowPumpGrain
{
    /// <summary>Weather is asked of the district at most this often; it changes slowly.</summary>
    private static readonly TimeSpan WeatherRefresh = TimeSpan.FromMinutes(1);

    private Weather? _weather;
    private DateTimeOffset _weatherAskedAt = DateTimeOffset.MinValue;

    protected override Task OnReadingAsync(Reading reading, Reading? previous, DateTimeOffset now)
    {
        if (previous?.State != reading.State || State.StateSince is null)
        {
            State.StateSince = reading.Ts;
        }
        return Task.CompletedTask;
    }

    protected override async ValueTask<Verdict> EvaluateAsync(DateTimeOffset now)
    {
        if (now - _weatherAskedAt >= WeatherRefresh || now < _weatherAskedAt)
        {
            _weather = await GrainFactory.GetGrain<IDistrictGrain>(Info.District).GetWeatherAsync();
            _weatherAskedAt = now;
        }
        var reading = State.Reading;
        if (reading?.State is not { } lamp)
        {
            return Verdict.Of(TwinStatus.Unknown);
        }
        return SnowPumpRules.Evaluate(
            PumpThresholds.From(Info.Thresholds), lamp, reading.Get("pressure_mpa"), State.StateSince ?? reading.Ts, _weather, now);
    }

    protected override DeviceDigest Digest(DeviceDigest digest) => digest with
    {
        Available = State.Reading is null ? null : SnowPumpRules.IsAvailable(State.Reading.State),
        Running = State.Reading is null ? null : State.Reading.State == "running",
    };
}

/// <summary>A bridge girder-end joint: gap and acceleration limits; past a limit it switches the on-site lamp on by downlink, and off again at normal.</summary>
public sealed class BridgeJointGrain(
    [PersistentState("device", "twin")] IPersistentState<DeviceState> state,
    TwinCatalog catalog,
    [FromKeyedServices(TwinClock.Key)] TimeProvider clock,
    IReadingHistory history,
    SilenceWatch silence,
    IDownlinkSender downlinks,
    ILogger<BridgeJointGrain> logger) : DeviceGrain(state, catalog, clock, history, silence, logger), IBridgeJointGrain
{
    protected override async Task<bool> ActAsync(DateTimeOffset now)
    {
        if (State.Status == TwinStatus.Unknown)
        {
            return false;
        }
        var wanted = State.Derived.TryGetValue("lamp", out var lamp) && lamp >= 1;
        // Off is only sent after the lamp was commanded on: a joint that was never in alarm needs no command.
        if (State.LampOn == wanted || (State.LampOn is null && !wanted))
        {
            return false;
        }
        var reason = wanted ? State.Anomalies.FirstOrDefault(a => a.EndsWith("-limit", StringComparison.Ordinal)) ?? "bridge-limit" : "normal";
        try
        {
            await downlinks.SendLampAsync(new LampCommand(Info, State.UplinkTopic, wanted, reason), now);
            State.LampOn = wanted;
            return true;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Retried on the next reading or tick: the lamp state we want has not been confirmed sent.
            DeviceLog.DownlinkFailed(Logger, Info.Id, ex);
            return false;
        }
    }

    protected override ValueTask<Verdict> EvaluateAsync(DateTimeOffset now)
    {
        var reading = State.Reading;
        if (reading?.Get("gap_mm") is not { } gap)
        {
            return ValueTask.FromResult(Verdict.Of(TwinStatus.Unknown));
        }
        return ValueTask.FromResult(BridgeJointRules.Evaluate(JointThresholds.From(Info.Thresholds), gap, reading.Get("accel_g")));
    }
}

/// <summary>A child's tracker: whether the child is out and about, and the 250 m cell; the position never leaves this grain.</summary>
public sealed class ChildTrackerGrain(
    [PersistentState("device", "twin")] IPersistentState<DeviceState> state,
    TwinCatalog catalog,
    [FromKeyedServices(TwinClock.Key)] TimeProvider clock,
    IReadingHistory history,
    SilenceWatch silence,
    ILogger<ChildTrackerGrain> logger) : DeviceGrain(state, catalog, clock, history, silence, logger), IChildTrackerGrain
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

/// <summary>An environment sensor; a weather station also gives its district the current weather.</summary>
public sealed class EnvSensorGrain(
    [PersistentState("device", "twin")] IPersistentState<DeviceState> state,
    TwinCatalog catalog,
    [FromKeyedServices(TwinClock.Key)] TimeProvider clock,
    IReadingHistory history,
    SilenceWatch silence,
    ILogger<EnvSensorGrain> logger) : DeviceGrain(state, catalog, clock, history, silence, logger), IEnvSensorGrain
{
    protected override async Task OnReadingAsync(Reading reading, Reading? previous, DateTimeOffset now)
    {
        if (Info.Group == "weather" && EnvSensorRules.WeatherOf(Info.Id, reading) is { } weather)
        {
            await GrainFactory.GetGrain<IDistrictGrain>(Info.District).UpdateWeatherAsync(weather);
        }
    }

    protected override ValueTask<Verdict> EvaluateAsync(DateTimeOffset now) =>
        ValueTask.FromResult(State.Reading is null ? Verdict.Of(TwinStatus.Unknown) : EnvSensorRules.Evaluate());
}

internal static partial class DeviceLog
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Warning, Message = "Sending the lamp command to {DeviceId} failed; it is retried")]
    public static partial void DownlinkFailed(ILogger logger, string deviceId, Exception exception);
}
