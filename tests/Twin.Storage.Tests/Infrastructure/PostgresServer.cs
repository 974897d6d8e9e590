using System.Diagnostics;
using Npgsql;

namespace Twin.Storage.Tests.Infrastructure;

/// <summary>The machine's PostgreSQL 15 cluster, started on demand, with a password login role for the tests.</summary>
/// <remarks>Tests that need PostgreSQL fail (never skip) with the reason when it is missing or will not start.</remarks>
public static class PostgresServer
{
    private const string Role = "twin_test";
    private const string Password = "twin_test_only";
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static int? _port;

    /// <summary>A connection string to a database of this cluster, as the test role.</summary>
    public static string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = _port ?? throw new InvalidOperationException("PostgresServer.EnsureRunningAsync first."),
        Database = database,
        Username = Role,
        Password = Password,
        Pooling = true,
    }.ToString();

    /// <summary>Starts the cluster when it is down and makes sure the test role exists.</summary>
    public static async Task EnsureRunningAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_port is not null)
            {
                return;
            }
            var (status, port) = await ReadClusterAsync();
            if (status != "online")
            {
                var (code, output) = await RunAsync("pg_ctlcluster", "15", "main", "start");
                if (code != 0)
                {
                    throw new InvalidOperationException($"PostgreSQL 15 cluster 'main' did not start (pg_ctlcluster 15 main start exited {code}): {output}");
                }
                (status, port) = await ReadClusterAsync();
                if (status != "online")
                {
                    throw new InvalidOperationException($"PostgreSQL 15 cluster 'main' is '{status}' after pg_ctlcluster start.");
                }
            }
            // As the postgres OS user (peer authentication), create the password role the tests log in with over TCP.
            var sql = $"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{Role}') THEN " +
                      $"CREATE ROLE {Role} LOGIN CREATEDB PASSWORD '{Password}'; END IF; END $$;";
            var (psqlCode, psqlOutput) = await RunAsync("runuser", "-u", "postgres", "--", "psql", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-v", "ON_ERROR_STOP=1", "-c", sql);
            if (psqlCode != 0)
            {
                throw new InvalidOperationException($"Could not create the test role in PostgreSQL (psql exited {psqlCode}): {psqlOutput}");
            }
            _port = port;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Creates an empty database with a random name; returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string prefix)
    {
        await EnsureRunningAsync();
        var name = $"{prefix}_{Guid.NewGuid():N}"[..40].ToLowerInvariant();
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>, closing its sessions.</summary>
    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        try
        {
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            // FORCE refuses a non-superuser when an autovacuum worker is in the database (it has no role to check).
            // A plain DROP stops autovacuum workers itself; it needs our own sessions gone first.
            await using (var terminate = new NpgsqlCommand(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = @name AND usename = current_user AND pid <> pg_backend_pid()",
                connection))
            {
                terminate.Parameters.AddWithValue("name", name);
                await terminate.ExecuteNonQueryAsync();
            }
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\"", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }

    private static async Task<(string Status, int Port)> ReadClusterAsync()
    {
        var (code, output) = await RunAsync("pg_lsclusters", "-h");
        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .FirstOrDefault(f => f.Length >= 4 && f[0] == "15" && f[1] == "main");
        if (code != 0 || line is null)
        {
            throw new InvalidOperationException(
                $"PostgreSQL 15 cluster 'main' not found (pg_lsclusters exited {code}: {output.Trim()}). Install it: apt-get install -y postgresql-15.");
        }
        return (line[3], int.Parse(line[2], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/tmp",
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        try
        {
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await stdout + await stderr);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"'{file}' is not available ({ex.Message}): PostgreSQL 15 must be installed (apt-get install -y postgresql-15).", ex);
        }
    }
}
