namespace Twin.Grains.Abstractions.Alarms;

/// <summary>The ISA-18.2 states of an alarm; wire names are kebab-case (<c>active-unacknowledged</c>).</summary>
public enum AlarmState
{
    /// <summary>Not in alarm and nothing left to acknowledge: the occurrence is over.</summary>
    Normal,

    /// <summary>The condition is present and no one has acknowledged it.</summary>
    ActiveUnacknowledged,

    /// <summary>The condition is present and someone has acknowledged it.</summary>
    ActiveAcknowledged,

    /// <summary>The condition has cleared before anyone acknowledged it.</summary>
    ReturnedUnacknowledged,

    /// <summary>Suppressed by an operator until a time.</summary>
    Shelved,

    /// <summary>Taken out of service by a manager (maintenance, a known broken device).</summary>
    OutOfService,
}
