namespace Twin.Grains.Abstractions.Alarms;

/// <summary>
/// Groups a flood of alarms, keyed <c>{district}/{type}</c> (a burst) or <c>gateway/{gatewayId}</c> (devices silent behind one
/// gateway): decides whether a new alarm notifies alone or joins a group with one notification.
/// </summary>
public interface IAlarmBurstGrain : IGrainWithStringKey
{
    /// <summary>A new alarm: null when it notifies alone, else the group id it joined (its raise is told by the group).</summary>
    Task<string?> JoinAsync(Alarm alarm);

    /// <summary>A member's condition cleared (a gateway's devices heard again).</summary>
    Task LeaveAsync(string alarmId, DateTimeOffset at);
}
