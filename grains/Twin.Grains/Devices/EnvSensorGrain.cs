using Microsoft.Extensions.Logging;
using Twin.Grains.Abstractions;
using Twin.Grains.Rules;

namespace Twin.Grains.Devices;

/// <summary>An environment sensor; a weather station also gives its district the current weather.</summary>
public sealed class EnvSensorGrain(
    [PersistentState("device", "twin")] IPersistentState<DeviceState> state,
    DeviceGrainServices services,
    ILogger<EnvSensorGrain> logger) : DeviceGrain(state, services, logger), IEnvSensorGrain
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
