using Npgsql;
using Twin.Storage.Schema;

namespace Twin.Storage.Secrets;

/// <summary>Secrets in PostgreSQL's <c>twin_secrets</c>, shared by every silo: the first silo's value wins (<c>ON CONFLICT DO NOTHING</c>, then read back).</summary>
public sealed class PostgresSecretStore(string connectionString, SchemaInstaller installer, TimeProvider time) : ISecretStore
{
    /// <inheritdoc />
    public async Task<string> GetOrAddAsync(string name, Func<string> create, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(create);
        await installer.EnsureInstalledAsync(ct).ConfigureAwait(false);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct).ConfigureAwait(false);
        await using (var select = new NpgsqlCommand("SELECT value FROM twin_secrets WHERE name = @name", connection))
        {
            select.Parameters.AddWithValue("name", name);
            if (await select.ExecuteScalarAsync(ct).ConfigureAwait(false) is string existing)
            {
                return existing;
            }
        }
        await using var insert = new NpgsqlCommand("""
            INSERT INTO twin_secrets (name, value, created_at) VALUES (@name, @value, @at) ON CONFLICT (name) DO NOTHING;
            SELECT value FROM twin_secrets WHERE name = @name;
            """, connection);
        insert.Parameters.AddWithValue("name", name);
        insert.Parameters.AddWithValue("value", create());
        insert.Parameters.AddWithValue("at", time.GetUtcNow());
        return (string)(await insert.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<KeyValuePair<string, string>>> ListAsync(string prefix, CancellationToken ct = default)
    {
        await installer.EnsureInstalledAsync(ct).ConfigureAwait(false);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            "SELECT name, value FROM twin_secrets WHERE starts_with(name, @prefix) ORDER BY created_at, name", connection);
        command.Parameters.AddWithValue("prefix", prefix);
        var result = new List<KeyValuePair<string, string>>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            result.Add(KeyValuePair.Create(reader.GetString(0), reader.GetString(1)));
        }
        return result;
    }
}
