using Microsoft.Extensions.Logging;
using System.Collections.Immutable;
using Twin.Grains.Abstractions;
using Twin.Grains.Abstractions.Alarms;
using Twin.Grains.Alarms;
using Twin.Grains.Rules;

namespace Twin.Grains.Devices;

/// <summary>A snow-melting pump: fault lamps, pressure, and the weather rules read from its district.</summary>
public sealed class SnowPumpGrain(
    [PersistentState("device", "twin")] IPersistentState<DeviceState> state,
    DeviceGrainServices services,
    ILogger<SnowPumpGrain> logger) : DeviceGrain(state, services, logger), ISnowPumpGrain
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

    protected override ImmutableArray<AlarmCondition> AlarmConditions(DateTimeOffset now) =>
        AlarmRules.Conditions(Info.Kind, State.Anomalies, State.Silent,
            snowing: _weather is { } w && now - w.Ts <= SnowPumpRules.WeatherMaxAge && SnowPumpRules.IsSnowing(w));

    protected override DeviceDigest Digest(DeviceDigest digest) => digest with
    {
        Available = State.Reading is null ? null : SnowPumpRules.IsAvailable(State.Reading.State),
        Running = State.Reading is null ? null : State.Reading.State == PumpStates.Running,
    };
}
