namespace Twin.Silo.Ingestion;

/// <summary>The limits a decoder checks, from <c>Twin:Ingestion</c>.</summary>
public sealed record IngestionLimits(int MaxPayloadBytes, TimeSpan MaxFutureSkew, TimeSpan MaxAge);
