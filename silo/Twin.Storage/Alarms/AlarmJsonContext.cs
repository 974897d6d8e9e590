using System.Text.Json.Serialization;
using Twin.Grains.Abstractions;
using Twin.Grains.Abstractions.Alarms;

namespace Twin.Storage.Alarms;

/// <summary>The stored JSON of an alarm and of a notice: camelCase, enums by their contract names, nulls left out.</summary>
/// <remarks>Computed properties (<see cref="Alarm.Last"/>) are not stored; times keep their offset and every tick.</remarks>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    IgnoreReadOnlyProperties = true,
    Converters =
    [
        typeof(KebabCaseEnumConverter<AlarmState>),
        typeof(KebabCaseEnumConverter<AlarmAction>),
        typeof(KebabCaseEnumConverter<TwinStatus>),
    ])]
[JsonSerializable(typeof(Alarm))]
[JsonSerializable(typeof(AlarmNotice))]
internal sealed partial class AlarmJsonContext : JsonSerializerContext;
