namespace Twin.Grains.Abstractions.Alarms;

/// <summary>The alarms of one source (a device or a gateway), keyed by its id: raises, clears, commands, escalation.</summary>
public interface IAlarmSourceGrain : IGrainWithStringKey
{
    /// <summary>Takes the source's present conditions: raises new ones, clears those gone, raises severity.</summary>
    Task ReportAsync(AlarmReport report);

    /// <summary>Applies a person's command to one of this source's alarms.</summary>
    Task<AlarmCommandResult> CommandAsync(string alarmId, AlarmCommand command);

    /// <summary>A due time of the alarm has come: escalate to <paramref name="what"/> (a route) or end a shelving.</summary>
    Task WakeAsync(string alarmId, string what);
}
