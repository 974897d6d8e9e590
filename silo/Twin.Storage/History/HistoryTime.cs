namespace Twin.Storage.History;

/// <summary>Time helpers shared by the stores.</summary>
internal static class HistoryTime
{
    private const long TicksPerMicrosecond = TimeSpan.TicksPerMillisecond / 1000;

    /// <summary>Drops sub-microsecond ticks so every store keeps the same times (PostgreSQL keeps microseconds).</summary>
    public static DateTimeOffset Truncate(DateTimeOffset value) =>
        new(value.Ticks - (value.Ticks % TicksPerMicrosecond), value.Offset);

    /// <summary>Microseconds since the Unix epoch, UTC.</summary>
    public static long ToUnixMicroseconds(DateTimeOffset value) =>
        (value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TicksPerMicrosecond;

    /// <summary>The UTC time of a Unix microsecond count.</summary>
    public static DateTimeOffset FromUnixMicroseconds(long microseconds) =>
        new(DateTimeOffset.UnixEpoch.UtcTicks + (microseconds * TicksPerMicrosecond), TimeSpan.Zero);
}
