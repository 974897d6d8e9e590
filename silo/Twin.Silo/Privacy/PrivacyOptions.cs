using System.ComponentModel.DataAnnotations;

namespace Twin.Silo.Privacy;

/// <summary>Children's privacy (<c>Twin:Privacy</c>).</summary>
public sealed class PrivacyOptions
{
    /// <summary>On an empty register, record the catalog's demo consents (by <c>system</c>, basis <c>demo-seed</c>); false starts it empty (default true).</summary>
    public bool SeedDemoConsents { get; set; } = true;

    /// <summary>Child readings are kept this many hours, then the history's maintenance deletes them (default 72).</summary>
    [Range(1, 8_760)] public int ChildHistoryHours { get; set; } = 72;

    /// <summary>Children's cell counts and district counts are recomputed and published every this many seconds, not on a move (default 60).</summary>
    [Range(1, 3_600)] public int CellIntervalS { get; set; } = 60;
}
