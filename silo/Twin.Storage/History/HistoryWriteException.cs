namespace Twin.Storage.History;

/// <summary>A batch of readings could not be committed; the inner exception says why.</summary>
public sealed class HistoryWriteException(string message, Exception inner) : Exception(message, inner);
