using Microsoft.Extensions.Logging;

namespace Twin.Simulator;

/// <summary>The simulator's log messages.</summary>
internal static partial class SimulatorLog
{
    [LoggerMessage(EventId = 900, Level = LogLevel.Information,
        Message = "Simulator connected to {Host}:{Port} over {Connections} connection(s): {Senders} devices, {Cadence} cadence, {Format} format")]
    public static partial void Connected(ILogger logger, string host, int port, int connections, int senders, Cadence cadence, UplinkFormat format);

    [LoggerMessage(EventId = 901, Level = LogLevel.Information, Message = "Simulator stopped: {Summary}")]
    public static partial void Stopped(ILogger logger, string summary);

    [LoggerMessage(EventId = 902, Level = LogLevel.Warning, Message = "Simulator failed; restarting in {DelayS} s")]
    public static partial void Failed(ILogger logger, double delayS, Exception exception);

    [LoggerMessage(EventId = 903, Level = LogLevel.Information, Message = "Simulator progress: {Summary}")]
    public static partial void Progress(ILogger logger, string summary);
}
