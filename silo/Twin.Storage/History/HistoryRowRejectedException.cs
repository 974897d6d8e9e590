namespace Twin.Storage.History;

/// <summary>The store refused this one reading for its data (not an outage): sending it again fails the same way.</summary>
/// <remarks>Only that reading's append throws it; the other readings of its batch are committed. A database that is
/// down throws <see cref="HistoryWriteException"/> instead, which asks for a retry.</remarks>
public sealed class HistoryRowRejectedException(string message, Exception inner) : Exception(message, inner);
