using System.Data.Common;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using MQTTnet;
using Npgsql;
using Twin.Tests.Shared;
using Twin.Storage.Tests.Infrastructure;

namespace Twin.Silo.Tests.Privacy;

/// <summary>A silo of its own for the privacy tests: a database (SQLite file, PostgreSQL or memory), a dead-letter topic, a one-second children's cadence.</summary>
public abstract class PrivacySiloFixture : WebApplicationFactory<Program>, IAsyncLifetime
{
    public int MqttPort { get; } = TwinAppFixture.FreePort();

    public const string DeadLetterTopic = "twin/dead-letter";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        TwinAppFixture.Isolate(builder, "privacy", MqttPort);
        builder.UseSetting("Twin:Mqtt:DeadLetterTopic", DeadLetterTopic);
        builder.UseSetting("Twin:Privacy:CellIntervalS", "1");
        Storage(builder);
    }

    /// <summary>Sets the silo's storage.</summary>
    protected abstract void Storage(IWebHostBuilder builder);

    /// <summary>A connection to the silo's database, for checking rows behind the API's back (null: memory).</summary>
    public abstract DbConnection? Database();

    public virtual ValueTask InitializeAsync() => ValueTask.CompletedTask;

    /// <summary>An MQTT 5 client signed in as the device.</summary>
    public Task<IMqttClient> ConnectDeviceAsync(string deviceId) =>
        TwinAppFixture.ConnectMqttAsync(MqttPort, deviceId, MqttTestCredentials.PasswordFor(deviceId), deviceId);

    /// <summary>An MQTT 5 client signed in as the observer account (alarms and the dead-letter topic).</summary>
    public Task<IMqttClient> ConnectObserverAsync() =>
        TwinAppFixture.ConnectMqttAsync(MqttPort, MqttTestCredentials.ObserverUsername, MqttTestCredentials.ObserverPassword);
}

/// <summary>On an SQLite file of its own.</summary>
public sealed class SqlitePrivacySilo : PrivacySiloFixture
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "twin-privacy-tests", Guid.NewGuid().ToString("N"));

    private string File => Path.Combine(_directory, "twin.db");

    protected override void Storage(IWebHostBuilder builder)
    {
        builder.UseSetting("Twin:Storage", "Sqlite");
        builder.UseSetting("Twin:Sqlite:Path", File);
    }

    public override DbConnection Database() => new SqliteConnection($"Data Source={File}");

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}

/// <summary>On a PostgreSQL database of its own.</summary>
public sealed class PostgresPrivacySilo : PrivacySiloFixture
{
    private string _connectionString = "";

    public override async ValueTask InitializeAsync() => _connectionString = await PostgresServer.CreateDatabaseAsync("twin_privacy");

    protected override void Storage(IWebHostBuilder builder)
    {
        builder.UseSetting("Twin:Storage", "Postgres");
        builder.UseSetting("ConnectionStrings:Twin", _connectionString);
    }

    public override DbConnection Database() => new NpgsqlConnection(_connectionString);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        if (_connectionString.Length > 0)
        {
            await PostgresServer.DropDatabaseAsync(_connectionString);
        }
    }
}

/// <summary>On memory storage.</summary>
public sealed class MemoryPrivacySilo : PrivacySiloFixture
{
    protected override void Storage(IWebHostBuilder builder) => builder.UseSetting("Twin:Storage", "Memory");

    public override DbConnection? Database() => null;
}
