using Microsoft.Data.Sqlite;

namespace Twin.Storage.Schema;

/// <summary>The SQLite connection strings every part of the storage layer uses for one database file.</summary>
internal static class SqliteConnectionStrings
{
    public static string For(string path) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Pooling = true,
        // Grain storage, reminders and the history writer share the file; a busy writer makes others wait this long.
        DefaultTimeout = 30,
    }.ToString();

    public static void EnsureDirectory(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
    }
}
