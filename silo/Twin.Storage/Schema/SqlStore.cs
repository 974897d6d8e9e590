using System.Data.Common;
using System.Globalization;

namespace Twin.Storage.Schema;

/// <summary>
/// What a small store on the twin's database (SQLite file or PostgreSQL) shares: connections opened after the schema
/// is installed, named parameters, and times as SQLite's ISO-8601 text or PostgreSQL's timestamptz.
/// </summary>
public abstract class SqlStore
{
    private readonly Func<DbConnection> _connect;
    private readonly SchemaInstaller _installer;

    /// <summary>A store on connections from <paramref name="connect"/>; <paramref name="textTimes"/> for SQLite.</summary>
    protected SqlStore(Func<DbConnection> connect, bool textTimes, SchemaInstaller installer)
    {
        _connect = connect;
        _installer = installer;
        TextTimes = textTimes;
    }

    /// <summary>Whether times are ISO-8601 text (SQLite) rather than timestamptz (PostgreSQL).</summary>
    protected bool TextTimes { get; }

    /// <summary>Opens a connection the caller owns, once the schema is installed.</summary>
    protected async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        await _installer.EnsureInstalledAsync(ct).ConfigureAwait(false);
        return await DbConnections.OpenAsync(_connect(), ct).ConfigureAwait(false);
    }

    /// <summary>A command on <paramref name="connection"/> with its parameters bound by name.</summary>
    protected static DbCommand Command(DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    /// <summary>A time as the database keeps it: ISO-8601 text in SQLite (sortable, readable with sqlite3), timestamptz in PostgreSQL.</summary>
    protected object Time(DateTimeOffset time) =>
        TextTimes ? time.ToUniversalTime().ToString("o", CultureInfo.InvariantCulture) : time.ToUniversalTime();
}
