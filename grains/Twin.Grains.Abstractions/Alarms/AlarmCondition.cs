namespace Twin.Grains.Abstractions.Alarms;

/// <summary>A cause a device's rules see now, with the severity the contract gives it.</summary>
/// <param name="Type">One of <see cref="AlarmTypes"/>.</param>
/// <param name="Severity">On the status ladder.</param>
/// <param name="Detail">A figure for the text (a level in metres, a gap in mm), when the rule has one.</param>
[GenerateSerializer, Immutable, Alias("twin.alarm-condition")]
public sealed record AlarmCondition(
    [property: Id(0)] string Type,
    [property: Id(1)] TwinStatus Severity,
    [property: Id(2)] double? Detail = null);
