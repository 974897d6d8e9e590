namespace Twin.Storage.Audit;

/// <summary>Which audit lines to read: <paramref name="From"/> &lt;= at &lt; <paramref name="To"/>, by one actor, at most <paramref name="Limit"/>, oldest first.</summary>
public sealed record AuditQuery(DateTimeOffset? From = null, DateTimeOffset? To = null, string? Actor = null, int Limit = 10_000);
