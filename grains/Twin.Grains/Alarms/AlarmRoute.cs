using Twin.Grains.Abstractions;

namespace Twin.Grains.Alarms;

/// <summary>
/// One route (<c>Twin:Alarms:Routes:{i}</c>): the alarms it takes (empty lists take all) and where they go. Lists are
/// comma-separated so that one environment variable sets one.
/// </summary>
public sealed class AlarmRoute
{
    /// <summary>The route's name (what <see cref="EscalateTo"/> names).</summary>
    public string Name { get; set; } = "";

    /// <summary>District ids, comma-separated; empty: every district.</summary>
    public string? Districts { get; set; }

    /// <summary>Device kinds (<c>snow-pump</c>, and <c>gateway</c>), comma-separated; empty: every kind.</summary>
    public string? Kinds { get; set; }

    /// <summary>Alarm types, comma-separated; empty: every type.</summary>
    public string? Types { get; set; }

    /// <summary>The least severity taken.</summary>
    public TwinStatus MinSeverity { get; set; } = TwinStatus.Advisory;

    /// <summary>A webhook for this route.</summary>
    public string? Webhook { get; set; }

    /// <summary>E-mail addresses, comma-separated.</summary>
    public string? Email { get; set; }

    /// <summary>Unacknowledged this long after it is raised, an alarm goes on to <see cref="EscalateTo"/>.</summary>
    public int? EscalateAfterMinutes { get; set; }

    /// <summary>The route an unacknowledged alarm escalates to.</summary>
    public string? EscalateTo { get; set; }

    /// <summary>The items of a comma-separated list.</summary>
    public static IReadOnlyList<string> Items(string? list) =>
        string.IsNullOrWhiteSpace(list) ? [] : list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
