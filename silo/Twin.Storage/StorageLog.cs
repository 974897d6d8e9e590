using Microsoft.Extensions.Logging;

namespace Twin.Storage;

/// <summary>Log messages of the storage layer.</summary>
internal static partial class StorageLog
{
    [LoggerMessage(1, LogLevel.Information, "Schema {Database}: applied migration {Version} ({Name})")]
    public static partial void MigrationApplied(ILogger logger, string database, int version, string name);

    [LoggerMessage(2, LogLevel.Information, "Schema {Database}: at version {Version}, {Applied} migration(s) applied now")]
    public static partial void SchemaReady(ILogger logger, string database, int version, int applied);

    [LoggerMessage(3, LogLevel.Error, "Reading history: writing a batch of {Count} readings failed; their appenders see the error")]
    public static partial void BatchFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(9, LogLevel.Warning, "Reading history: a batch of {Count} readings failed on bad data ({Error}); splitting it to commit the good readings and refuse the bad")]
    public static partial void BatchSplit(ILogger logger, int count, string error);

    [LoggerMessage(10, LogLevel.Warning, "Reading history: refused reading {Seq} of {DeviceId}: the database cannot store it")]
    public static partial void RowRefused(ILogger logger, string deviceId, long seq, Exception exception);

    [LoggerMessage(4, LogLevel.Information, "Reading history: deleted {Count} readings older than {Cutoff:o} (retention)")]
    public static partial void RetentionDeleted(ILogger logger, long count, DateTimeOffset cutoff);

    [LoggerMessage(30, LogLevel.Information, "Reading history: deleted {Count} readings of {Name} devices older than {Cutoff:o} (their short retention)")]
    public static partial void ShortRetentionDeleted(ILogger logger, long count, string name, DateTimeOffset cutoff);

    [LoggerMessage(5, LogLevel.Information, "Reading history: downsampling removed {Count} readings between {From:o} and {To:o}")]
    public static partial void Downsampled(ILogger logger, long count, DateTimeOffset from, DateTimeOffset to);

    [LoggerMessage(6, LogLevel.Error, "Reading history: maintenance run failed; it runs again in {Interval}")]
    public static partial void MaintenanceFailed(ILogger logger, TimeSpan interval, Exception exception);

    [LoggerMessage(8, LogLevel.Warning, "Reading history: WAL checkpoint failed; it is tried again in {Interval}")]
    public static partial void CheckpointFailed(ILogger logger, TimeSpan interval, Exception exception);

    [LoggerMessage(7, LogLevel.Information, "Twin storage: {Storage}, clustering {Clustering}, reminders {Reminders}")]
    public static partial void Configured(ILogger logger, TwinStorageKind storage, TwinClusteringKind clustering, string reminders);
}
