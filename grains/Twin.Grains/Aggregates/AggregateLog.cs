using Microsoft.Extensions.Logging;

namespace Twin.Grains.Aggregates;

/// <summary>The aggregate grains' log messages.</summary>
internal static partial class AggregateLog
{
    [LoggerMessage(EventId = 405, Level = LogLevel.Warning, Message = "River segment {Segment} activated without gauge {Gauge}, which did not answer; it shows unknown until it next changes")]
    public static partial void GaugeDidNotAnswer(ILogger logger, string segment, string gauge, Exception exception);
}
