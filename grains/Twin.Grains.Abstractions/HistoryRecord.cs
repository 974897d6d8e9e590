namespace Twin.Grains.Abstractions;

/// <summary>One reading as the history keeps it: the device, its time and counter, the reading, and when the twin received it.</summary>
/// <remarks>Times are kept to the microsecond (PostgreSQL's resolution) by every store, so a record reads back equal
/// to what was appended only when its times carry no sub-microsecond ticks. <see cref="Reading.Ts"/> and
/// <see cref="Reading.Seq"/> read back as <see cref="Ts"/> and <see cref="Seq"/>.</remarks>
public sealed record HistoryRecord(string DeviceId, DateTimeOffset Ts, long Seq, Reading Reading, DateTimeOffset ReceivedAt);
