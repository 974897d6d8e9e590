using System.ComponentModel.DataAnnotations;

namespace Twin.Silo.Extensions;

/// <summary>Limits of the REST API (<c>Twin:Api</c>).</summary>
public sealed class ApiOptions
{
    /// <summary>
    /// History requests one caller (the signed-in user, else the remote IP address) may make per minute (default 600):
    /// each reads the database, and an operator clicking through devices makes a few a minute.
    /// </summary>
    [Range(1, 1_000_000)] public int HistoryRequestsPerMinute { get; set; } = 600;
}
