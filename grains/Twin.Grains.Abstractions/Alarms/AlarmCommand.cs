namespace Twin.Grains.Abstractions.Alarms;

/// <summary>What a person asks of an alarm: acknowledge, shelve, unshelve, out of service, in service.</summary>
/// <param name="Action">One of <see cref="AlarmAction.Acknowledge"/>, <see cref="AlarmAction.Shelve"/>,
/// <see cref="AlarmAction.Unshelve"/>, <see cref="AlarmAction.OutOfService"/>, <see cref="AlarmAction.InService"/>.</param>
/// <param name="By">The acting account's name.</param>
/// <param name="Comment">Why, in their words.</param>
/// <param name="Until">Shelve: until when.</param>
[GenerateSerializer, Immutable, Alias("twin.alarm-command")]
public sealed record AlarmCommand(
    [property: Id(0)] AlarmAction Action,
    [property: Id(1)] string By,
    [property: Id(2)] string? Comment = null,
    [property: Id(3)] DateTimeOffset? Until = null);
