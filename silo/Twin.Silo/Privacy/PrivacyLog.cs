namespace Twin.Silo.Privacy;

internal static partial class PrivacyLog
{
    [LoggerMessage(EventId = 600, Level = LogLevel.Information, Message = "Consent register: seeded {Count} children from the catalog's demo consents, {Granted} granted")]
    public static partial void Seeded(ILogger logger, int count, int granted);

    [LoggerMessage(EventId = 601, Level = LogLevel.Information, Message = "Consent register: {DeviceId} {Decision} by {Actor}; {Deleted} readings deleted")]
    public static partial void Recorded(ILogger logger, string deviceId, string decision, string actor, long deleted);
}
