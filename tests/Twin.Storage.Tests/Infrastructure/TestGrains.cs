namespace Twin.Storage.Tests.Infrastructure;

/// <summary>A grain whose state lives in the "twin" storage provider.</summary>
public interface IStoredNoteGrain : IGrainWithStringKey
{
    Task<NoteState> GetAsync();

    Task SetAsync(string text);

    Task RegisterReminderAsync(string name);

    Task<string?> GetReminderNameAsync(string name);
}

/// <summary>The test grain's persisted state.</summary>
[GenerateSerializer, Alias("twin.tests.note-state")]
public sealed record NoteState
{
    [Id(0)] public string? Text { get; init; }

    [Id(1)] public int Writes { get; init; }
}

/// <summary>Stores a note through <c>[PersistentState(..., "twin")]</c>.</summary>
public sealed class StoredNoteGrain([PersistentState("note", TwinStorageOptions.GrainStorageName)] IPersistentState<NoteState> note)
    : Grain, IStoredNoteGrain, IRemindable
{
    public Task<NoteState> GetAsync() => Task.FromResult(note.State);

    public async Task SetAsync(string text)
    {
        note.State = note.State with { Text = text, Writes = note.State.Writes + 1 };
        await note.WriteStateAsync();
    }

    public async Task RegisterReminderAsync(string name) =>
        await this.RegisterOrUpdateReminder(name, TimeSpan.FromHours(1), TimeSpan.FromHours(1));

    public async Task<string?> GetReminderNameAsync(string name) => (await this.GetReminder(name))?.ReminderName;

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;
}
