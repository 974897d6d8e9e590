using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Twin.Grains;
using Twin.Grains.Abstractions.Alarms;
using Twin.Grains.Alarms;
using Twin.Silo.Alarms;
using Twin.Storage.Alarms;

namespace Twin.Silo.Tests.Alarms;

/// <summary>
/// One <see cref="AlarmOutboxDispatcher"/> resolved as the silo resolves it, over a memory store, with the webhook and e-mail
/// senders and a fake clock the test moves: between moves the test waits for the dispatcher to be idle, never for a time.
/// </summary>
internal sealed class DispatcherHarness : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private readonly ServiceProvider _services;

    public DispatcherHarness(Action<AlarmSmtpOptions>? smtp = null)
    {
        Outbox = new RecordingOutbox(Store, Clock);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddHttpClient(AlarmWebhookSender.ClientName, c => c.Timeout = TimeSpan.FromSeconds(10));
        services.Configure<AlarmOptions>(o => o.PublicBaseUrl = "https://twin.example");
        services.Configure<AlarmSmtpOptions>(o => smtp?.Invoke(o));
        services.Configure<AlarmDeliveryOptions>(_ => { });
        services.AddSingleton<INotificationOutbox>(Outbox);
        services.AddKeyedSingleton<TimeProvider>(TwinClock.Key, Clock);
        services.AddSingleton<IAlarmNotificationSender, AlarmWebhookSender>();
        services.AddSingleton<IAlarmNotificationSender, AlarmEmailSender>();
        services.AddSingleton<AlarmDeliveryMetrics>();
        services.AddSingleton<AlarmOutboxDispatcher>();
        _services = services.BuildServiceProvider();
        Dispatcher = _services.GetRequiredService<AlarmOutboxDispatcher>();
    }

    /// <summary>An hour after the samples' alarms were raised: every entry written for them is due.</summary>
    public FakeTimeProvider Clock { get; } = new(AlarmSamples.Start.AddHours(1));

    public MemoryAlarmStore Store { get; } = new();

    public RecordingOutbox Outbox { get; }

    public AlarmOutboxDispatcher Dispatcher { get; }

    /// <summary>Starts the dispatcher and returns once it has sent (or tried) everything due and waits.</summary>
    public async Task StartAsync()
    {
        var idle = Dispatcher.NextIdleAsync();
        await Dispatcher.StartAsync(TestContext.Current.CancellationToken);
        await idle.WaitAsync(Timeout, TestContext.Current.CancellationToken);
    }

    /// <summary>Moves the clock on (the dispatcher is idle) and returns once the dispatcher has done what came due and waits again.</summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        var idle = Dispatcher.NextIdleAsync();
        Clock.Advance(by);
        await idle.WaitAsync(Timeout, TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await Dispatcher.StopAsync(CancellationToken.None);
        Dispatcher.Dispose();
        await _services.DisposeAsync();
    }
}
