namespace Twin.Grains.Rules;

/// <summary>Communication health: when a device counts as silent.</summary>
public static class HealthRules
{
    /// <summary>
    /// How many expected intervals may pass before a device is silent. LoRaWAN loses single uplinks as a
    /// matter of course, so one missed report is not yet silence; two in a row is.
    /// </summary>
    public const double SilenceFactor = 2.0;

    /// <summary>Whether a device last heard at <paramref name="lastSeen"/> is silent at <paramref name="now"/>.</summary>
    public static bool IsSilent(DateTimeOffset? lastSeen, int expectedIntervalS, DateTimeOffset now) =>
        lastSeen is { } seen && now - seen > TimeSpan.FromSeconds(expectedIntervalS * SilenceFactor);
}
