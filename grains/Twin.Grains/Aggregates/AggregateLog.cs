using Microsoft.Extensions.Logging;

namespace Twin.Grains.Aggregates;

/// <summary>The aggregate grains' log messages.</summary>
internal static partial class AggregateLog
{
    [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "District {District} activated with {Restored} device digests saved at {SavedAt}")]
    public static partial void Restored(ILogger logger, string district, int restored, DateTimeOffset? savedAt);

    [LoggerMessage(EventId = 401, Level = LogLevel.Information, Message = "District {District} asked its {Asked} live devices to say their digest again")]
    public static partial void AskedLiveDevices(ILogger logger, string district, int asked);

    [LoggerMessage(EventId = 402, Level = LogLevel.Warning, Message = "District {District} could not ask its live devices for their digests; asking again in {RetryS} s")]
    public static partial void AskingLiveDevicesFailed(ILogger logger, string district, double retryS, Exception exception);

    [LoggerMessage(EventId = 403, Level = LogLevel.Warning, Message = "District {District}: its device table was not saved on deactivation; the next activation asks the live devices again")]
    public static partial void NotSaved(ILogger logger, string district, Exception exception);

    [LoggerMessage(EventId = 404, Level = LogLevel.Warning, Message = "District {District}: another activation saved its device table since this one read it; this one deactivates")]
    public static partial void SavedElsewhere(ILogger logger, string district);

    [LoggerMessage(EventId = 405, Level = LogLevel.Warning, Message = "River segment {Segment} activated without gauge {Gauge}, which did not answer; it shows unknown until it next changes")]
    public static partial void GaugeDidNotAnswer(ILogger logger, string segment, string gauge, Exception exception);
}
