using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using Twin.Storage.Schema;

namespace Twin.Storage.Accounts;

/// <summary>
/// Accounts in the twin's SQLite file or PostgreSQL database (table <c>twin_accounts</c>); the queries are the same
/// on both, <c>INSERT … ON CONFLICT DO NOTHING</c> included, so two silos adding one name never both succeed.
/// </summary>
public sealed class SqlAccountStore : IAccountStore
{
    private const string Columns = "name, password_hash, roles, schools, disabled, created_at, updated_at";

    private readonly Func<DbConnection> _connect;
    private readonly bool _textTimes;
    private readonly SchemaInstaller _installer;

    private SqlAccountStore(Func<DbConnection> connect, bool textTimes, SchemaInstaller installer)
    {
        _connect = connect;
        _textTimes = textTimes;
        _installer = installer;
    }

    /// <summary>The accounts of the SQLite file at <paramref name="path"/>.</summary>
    public static SqlAccountStore Sqlite(string path, SchemaInstaller installer)
    {
        var connectionString = SqliteConnectionStrings.For(path);
        return new SqlAccountStore(() => new SqliteConnection(connectionString), textTimes: true, installer);
    }

    /// <summary>The accounts of the PostgreSQL database.</summary>
    public static SqlAccountStore Postgres(string connectionString, SchemaInstaller installer) =>
        new(() => new NpgsqlConnection(connectionString), textTimes: false, installer);

    /// <inheritdoc />
    public async Task<StoredAccount?> FindAsync(string name, CancellationToken ct = default)
    {
        var found = await QueryAsync($"SELECT {Columns} FROM twin_accounts WHERE name = @name", ct, ("name", name)).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredAccount>> ListAsync(CancellationToken ct = default) =>
        QueryAsync($"SELECT {Columns} FROM twin_accounts ORDER BY name", ct);

    /// <inheritdoc />
    public async Task<int> CountAsync(CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM twin_accounts";
        return Convert.ToInt32(await command.ExecuteScalarAsync(ct).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    public async Task<bool> TryAddAsync(StoredAccount account, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        return await ExecuteAsync(
            $"INSERT INTO twin_accounts ({Columns}) VALUES (@name, @hash, @roles, @schools, @disabled, @created, @updated) ON CONFLICT (name) DO NOTHING",
            account, ct).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async Task<bool> UpdateAsync(StoredAccount account, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        return await ExecuteAsync(
            "UPDATE twin_accounts SET password_hash = @hash, roles = @roles, schools = @schools, disabled = @disabled, updated_at = @updated WHERE name = @name",
            account, ct).ConfigureAwait(false) == 1;
    }

    private async Task<int> ExecuteAsync(string sql, StoredAccount account, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        Add(command, "name", account.Name);
        Add(command, "hash", account.PasswordHash);
        Add(command, "roles", string.Join(',', account.Roles));
        Add(command, "schools", string.Join(',', account.Schools));
        Add(command, "disabled", account.Disabled);
        Add(command, "created", Time(account.CreatedAt));
        Add(command, "updated", Time(account.UpdatedAt));
        return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<StoredAccount>> QueryAsync(string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            Add(command, name, value);
        }
        var accounts = new List<StoredAccount>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            accounts.Add(new StoredAccount(
                reader.GetString(0),
                reader.GetString(1),
                List(reader.GetString(2)),
                List(reader.GetString(3)),
                reader.GetBoolean(4),
                reader.GetFieldValue<DateTimeOffset>(5),
                reader.GetFieldValue<DateTimeOffset>(6)));
        }
        return accounts;
    }

    private async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        await _installer.EnsureInstalledAsync(ct).ConfigureAwait(false);
        return await DbConnections.OpenAsync(_connect(), ct).ConfigureAwait(false);
    }

    // SQLite keeps ISO-8601 text (sortable, readable with the sqlite3 tool); PostgreSQL a timestamptz.
    private object Time(DateTimeOffset time) =>
        _textTimes ? time.ToUniversalTime().ToString("o", System.Globalization.CultureInfo.InvariantCulture) : time.ToUniversalTime();

    private static string[] List(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
