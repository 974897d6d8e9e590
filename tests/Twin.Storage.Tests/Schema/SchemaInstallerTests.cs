using Microsoft.Data.Sqlite;
using Npgsql;
using Twin.Storage.Schema;
using Twin.Storage.Tests.Infrastructure;

namespace Twin.Storage.Tests.Schema;

/// <summary>The installer applies each migration once, also when silos start together.</summary>
public sealed class SchemaInstallerTests
{
    [Fact]
    public async Task SqliteInstallIsIdempotent()
    {
        using var file = new SqliteFileFixture();
        var options = TestConfiguration.Options(TestConfiguration.Sqlite(file.Path));
        var expected = Migration.Load("sqlite").Count;

        Assert.Equal(expected, await new SchemaInstaller(options).InstallAsync(TestContext.Current.CancellationToken));
        Assert.Equal(0, await new SchemaInstaller(options).InstallAsync(TestContext.Current.CancellationToken));

        await using var connection = new SqliteConnection($"Data Source={file.Path}");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new SqliteCommand("SELECT max(version) FROM twin_schema_version", connection);
        Assert.Equal((long)expected, await command.ExecuteScalarAsync(TestContext.Current.CancellationToken));
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", await command.ExecuteScalarAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task PostgresInstallIsIdempotentAndSafeWhenSilosStartTogether()
    {
        var fixture = new PostgresDatabaseFixture();
        await fixture.InitializeAsync();
        try
        {
            var options = TestConfiguration.Options(TestConfiguration.Postgres(fixture.ConnectionString));
            var expected = Migration.Load("postgres").Count;

            // Four "silos" at once: the advisory lock lets exactly one apply the migrations.
            var applied = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => new SchemaInstaller(options).InstallAsync(TestContext.Current.CancellationToken)));
            Assert.Equal(expected, applied.Sum());
            Assert.Equal(0, await new SchemaInstaller(options).InstallAsync(TestContext.Current.CancellationToken));

            await using var connection = new NpgsqlConnection(fixture.ConnectionString);
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = new NpgsqlCommand("SELECT count(*) FROM twin_schema_version", connection);
            Assert.Equal((long)expected, await command.ExecuteScalarAsync(TestContext.Current.CancellationToken));
            command.CommandText = "SELECT count(*) FROM OrleansQuery";
            Assert.Equal(4L + 9L + 7L, await command.ExecuteScalarAsync(TestContext.Current.CancellationToken));
        }
        finally
        {
            await fixture.DisposeAsync();
        }
    }
}
