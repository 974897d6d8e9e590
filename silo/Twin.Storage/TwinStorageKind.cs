namespace Twin.Storage;

/// <summary>Where the twin keeps grain state, reminders and reading history.</summary>
public enum TwinStorageKind
{
    /// <summary>Nothing durable: for tests and demos.</summary>
    Memory,
    /// <summary>An embedded SQLite file at <c>Twin:Sqlite:Path</c> (the default).</summary>
    Sqlite,
    /// <summary>PostgreSQL at <c>ConnectionStrings:Twin</c>.</summary>
    Postgres,
}
