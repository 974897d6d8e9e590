using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Twin.Storage.Schema;

/// <summary>Brings the database to the newest schema version at start: applies the embedded migrations it lacks, once.</summary>
/// <remarks>Safe when several silos start together: on PostgreSQL the migrations run under a session advisory lock,
/// on SQLite each runs in an IMMEDIATE transaction that re-checks the version first.</remarks>
public sealed class SchemaInstaller(IOptions<TwinStorageOptions> options, TimeProvider? timeProvider = null, ILogger<SchemaInstaller>? logger = null)
{
    // Any fixed 64-bit number works; this one spells "twin" so it is recognisable in pg_locks.
    private const long AdvisoryLockKey = 0x7477_696E_0000_0001;

    private const string VersionTableSql =
        "CREATE TABLE IF NOT EXISTS twin_schema_version (version integer NOT NULL PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL)";

    private readonly TwinStorageOptions _options = options.Value;
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;
    private readonly TimeProvider _timeProvider = timeProvider ?? TimeProvider.System;
    private readonly Lock _lock = new();
    private Task? _installed;

    /// <summary>Installs once per process; later calls await the same run (a failed run is retried by the next call).</summary>
    public Task EnsureInstalledAsync(CancellationToken ct = default)
    {
        Task task;
        lock (_lock)
        {
            if (_installed is null || _installed.IsFaulted || _installed.IsCanceled)
            {
                // Not tied to any caller's token: one caller giving up must not cancel the install for the others.
                _installed = InstallAsync(CancellationToken.None);
            }
            task = _installed;
        }
        return task.WaitAsync(ct);
    }

    /// <summary>Applies the migrations the database lacks; returns how many it applied.</summary>
    public Task<int> InstallAsync(CancellationToken ct = default) => _options.Storage switch
    {
        TwinStorageKind.Sqlite => InstallSqliteAsync(SqliteConnectionStrings.For(_options.Sqlite.Path), ct),
        TwinStorageKind.Postgres => InstallPostgresAsync(_options.PostgresConnectionString!, ct),
        _ when _options.Clustering == TwinClusteringKind.Postgres => InstallPostgresAsync(_options.PostgresConnectionString!, ct),
        _ => Task.FromResult(0),
    };

    private async Task<int> InstallSqliteAsync(string connectionString, CancellationToken ct)
    {
        SqliteConnectionStrings.EnsureDirectory(_options.Sqlite.Path);
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(ct).ConfigureAwait(false);
        // WAL is a property of the file (it persists), so setting it once here serves every later connection.
        await ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL", ct).ConfigureAwait(false);
        var applied = 0;
        var current = 0;
        foreach (var migration in Migration.Load("sqlite"))
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, VersionTableSql, ct).ConfigureAwait(false);
            if (!await IsAppliedAsync(connection, transaction, migration.Version, ct).ConfigureAwait(false))
            {
                await ExecuteAsync(connection, transaction, migration.Sql, ct).ConfigureAwait(false);
                await RecordAsync(connection, transaction, migration, ct).ConfigureAwait(false);
                applied++;
                StorageLog.MigrationApplied(_logger, "sqlite", migration.Version, migration.Name);
            }
            await transaction.CommitAsync(ct).ConfigureAwait(false);
            current = migration.Version;
        }
        StorageLog.SchemaReady(_logger, "sqlite", current, applied);
        return applied;
    }

    private async Task<int> InstallPostgresAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct).ConfigureAwait(false);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection))
        {
            lockCommand.Parameters.AddWithValue("key", AdvisoryLockKey);
            await lockCommand.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        try
        {
            await ExecuteAsync(connection, null, VersionTableSql, ct).ConfigureAwait(false);
            var applied = 0;
            var current = 0;
            foreach (var migration in Migration.Load("postgres"))
            {
                if (!await IsAppliedAsync(connection, null, migration.Version, ct).ConfigureAwait(false))
                {
                    await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
                    await ExecuteAsync(connection, transaction, migration.Sql, ct).ConfigureAwait(false);
                    await RecordAsync(connection, transaction, migration, ct).ConfigureAwait(false);
                    await transaction.CommitAsync(ct).ConfigureAwait(false);
                    applied++;
                    StorageLog.MigrationApplied(_logger, "postgres", migration.Version, migration.Name);
                }
                current = migration.Version;
            }
            StorageLog.SchemaReady(_logger, "postgres", current, applied);
            return applied;
        }
        finally
        {
            // Closing the session would release the lock too; unlocking explicitly matters when the pool keeps the session.
            await using var unlockCommand = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
            unlockCommand.Parameters.AddWithValue("key", AdvisoryLockKey);
            await unlockCommand.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private static async Task<bool> IsAppliedAsync(DbConnection connection, DbTransaction? transaction, int version, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT count(*) FROM twin_schema_version WHERE version = @version";
        AddParameter(command, "version", version);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    private async Task RecordAsync(DbConnection connection, DbTransaction transaction, Migration migration, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO twin_schema_version (version, name, applied_at) VALUES (@version, @name, @appliedAt)";
        AddParameter(command, "version", migration.Version);
        AddParameter(command, "name", migration.Name);
        AddParameter(command, "appliedAt", _timeProvider.GetUtcNow().ToString("o", System.Globalization.CultureInfo.InvariantCulture));
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
