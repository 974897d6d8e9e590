using System.ComponentModel.DataAnnotations;

namespace Twin.Silo.Extensions;

/// <summary>Ingestion limits (<c>Twin:Ingestion</c>).</summary>
public sealed class IngestionOptions
{
    /// <summary>Flood limit: readings a device may send per minute before the rest are rejected (default 120).</summary>
    [Range(1, 1_000_000)] public int MaxReadingsPerDevicePerMinute { get; set; } = 120;

    /// <summary>Largest payload taken, in bytes (default 4096).</summary>
    [Range(64, 1_048_576)] public int MaxPayloadBytes { get; set; } = 4096;

    /// <summary>How far a device's clock may run ahead of the twin's, in seconds (default 300).</summary>
    [Range(0, 86_400)] public int MaxFutureSkewS { get; set; } = 300;

    /// <summary>Readings older than this many days are rejected (default 7).</summary>
    [Range(1, 3650)] public int MaxAgeDays { get; set; } = 7;
}
