namespace Twin.Grains;

/// <summary>
/// The clock the twin's rules read, registered as a keyed <see cref="TimeProvider"/> so that tests and planner
/// runs can move it without moving the Orleans runtime's own clock (membership, timeouts, grain timers).
/// </summary>
public static class TwinClock
{
    /// <summary>The service key of the rules' clock.</summary>
    public const string Key = "twin-clock";
}
