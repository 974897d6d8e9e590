using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;
using Twin.Storage.Tests.Infrastructure;

namespace Twin.Storage.Tests;

/// <summary>Grain state and reminders through the "twin" provider on a real in-process cluster.</summary>
public abstract class GrainStorageTests
{
    // Rows are keyed by ServiceId; a fixed one lets a second cluster find the first one's state.
    private const string ServiceId = "twin-storage-tests";

    protected abstract IConfiguration Configuration { get; }

    private async Task<InProcessTestCluster> StartClusterAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ServiceId = ServiceId;
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) => silo.AddTwinGrainStorage(Configuration).AddTwinReminders(Configuration));
        var cluster = builder.Build();
        await cluster.DeployAsync(TestContext.Current.CancellationToken);
        return cluster;
    }

    [Fact]
    public async Task GrainStateSurvivesAClusterRestart()
    {
        var key = $"note-{Guid.NewGuid():N}";
        await using (var first = await StartClusterAsync())
        {
            await first.Client.GetGrain<IStoredNoteGrain>(key).SetAsync("川の水位は平常");
            await first.StopAllSilosAsync(TestContext.Current.CancellationToken);
        }

        await using var second = await StartClusterAsync();
        var grain = second.Client.GetGrain<IStoredNoteGrain>(key);
        Assert.Equal(new NoteState { Text = "川の水位は平常", Writes = 1 }, await grain.GetAsync());
        await grain.SetAsync("second");
        Assert.Equal(new NoteState { Text = "second", Writes = 2 }, await grain.GetAsync());
    }

    [Fact]
    public async Task StaleETagsAreRejectedAndClearKeepsTheVersion()
    {
        await using var cluster = await StartClusterAsync();
        var storage = cluster.GetSiloServiceProvider().GetRequiredKeyedService<IGrainStorage>(TwinStorageOptions.GrainStorageName);
        var grainId = GrainId.Create("storednote", $"etag-{Guid.NewGuid():N}");

        var state = new GrainState<NoteState>(new NoteState { Text = "a" });
        await storage.WriteStateAsync("note", grainId, state);
        Assert.Equal("1", state.ETag);

        // A second activation that never read the row must not overwrite it.
        var blind = new GrainState<NoteState>(new NoteState { Text = "blind" });
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("note", grainId, blind));

        state.State = new NoteState { Text = "b" };
        await storage.WriteStateAsync("note", grainId, state);
        Assert.Equal("2", state.ETag);

        var stale = new GrainState<NoteState>(new NoteState { Text = "stale" }) { ETag = "1" };
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("note", grainId, stale));

        var read = new GrainState<NoteState>();
        await storage.ReadStateAsync("note", grainId, read);
        Assert.Equal(("b", "2", true), (read.State?.Text, read.ETag, read.RecordExists));

        await storage.ClearStateAsync("note", grainId, read);
        Assert.Equal("3", read.ETag);
        var afterClear = new GrainState<NoteState>();
        await storage.ReadStateAsync("note", grainId, afterClear);
        Assert.Equal((null, "3", false), (afterClear.State?.Text, afterClear.ETag, afterClear.RecordExists));

        // The cleared row keeps its version, so the old ETag is still stale and the new one writes.
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("note", grainId, state));
        afterClear.State = new NoteState { Text = "c" };
        await storage.WriteStateAsync("note", grainId, afterClear);
        Assert.Equal("4", afterClear.ETag);
    }

    [Fact]
    public async Task RemindersSurviveAClusterRestart()
    {
        var key = $"reminder-{Guid.NewGuid():N}";
        await using (var first = await StartClusterAsync())
        {
            await first.Client.GetGrain<IStoredNoteGrain>(key).RegisterReminderAsync("pump-check");
            await first.StopAllSilosAsync(TestContext.Current.CancellationToken);
        }

        await using var second = await StartClusterAsync();
        Assert.Equal("pump-check", await second.Client.GetGrain<IStoredNoteGrain>(key).GetReminderNameAsync("pump-check"));
    }
}

/// <summary>Grain storage and reminders on the embedded SQLite file.</summary>
public sealed class SqliteGrainStorageTests(SqliteFileFixture file) : GrainStorageTests, IClassFixture<SqliteFileFixture>
{
    protected override IConfiguration Configuration { get; } = TestConfiguration.Sqlite(file.Path);
}

/// <summary>Grain storage and reminders on PostgreSQL.</summary>
public sealed class PostgresGrainStorageTests(PostgresDatabaseFixture database) : GrainStorageTests, IClassFixture<PostgresDatabaseFixture>
{
    protected override IConfiguration Configuration { get; } = TestConfiguration.Postgres(database.ConnectionString);
}
