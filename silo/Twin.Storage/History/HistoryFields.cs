namespace Twin.Storage.History;

/// <summary>What a window of a device's history holds: its readings' field names (ordinal order) and whether any reading is flagged.</summary>
public sealed record HistoryFields(IReadOnlyList<string> Names, bool AnyFlagged);
