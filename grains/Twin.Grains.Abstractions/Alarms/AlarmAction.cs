namespace Twin.Grains.Abstractions.Alarms;

/// <summary>What caused a transition; wire names are kebab-case (<c>out-of-service</c>).</summary>
public enum AlarmAction
{
    /// <summary>The condition appeared (a new occurrence, or back before the return was acknowledged).</summary>
    Raise,

    /// <summary>The severity rose (a river past its next warning level): notified again.</summary>
    Escalate,

    /// <summary>Someone acknowledged it.</summary>
    Acknowledge,

    /// <summary>Someone shelved it until a time.</summary>
    Shelve,

    /// <summary>Someone unshelved it, or its shelving time passed.</summary>
    Unshelve,

    /// <summary>A manager took it out of service.</summary>
    OutOfService,

    /// <summary>A manager put it back in service.</summary>
    InService,

    /// <summary>The condition cleared.</summary>
    Return,

    /// <summary>Unacknowledged past a route's <c>EscalateAfterMinutes</c>: sent on to the route's <c>EscalateTo</c>.</summary>
    Route,
}
