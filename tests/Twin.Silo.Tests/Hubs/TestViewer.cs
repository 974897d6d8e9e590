using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;

namespace Twin.Silo.Tests.Hubs;

/// <summary>
/// A viewer on the hub of an in-process silo (long polling through the test server), keeping every message it
/// receives in order so a test can look for one without losing the others.
/// </summary>
public sealed class TestViewer : IAsyncDisposable
{
    private static readonly string[] Methods = ["city", "district", "river", "device", "alarm"];

    private readonly List<(string Method, JsonElement Payload)> _messages = [];
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private TestViewer(HubConnection hub) => Hub = hub;

    public HubConnection Hub { get; }

    /// <summary>Connects to <c>/hubs/twin</c> of <paramref name="app"/>, signed in as <paramref name="account"/> (default admin).</summary>
    public static async Task<TestViewer> ConnectAsync(WebApplicationFactory<Program> app, string account = TestAccounts.Admin)
    {
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(app.Server.BaseAddress, "/hubs/twin"), o =>
            {
                // The test server has no sockets: long polling goes through its in-memory handler.
                o.HttpMessageHandlerFactory = _ => app.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
                o.AccessTokenProvider = app.TokenProvider(account);
            })
            .Build();
        var viewer = new TestViewer(hub);
        foreach (var method in Methods)
        {
            hub.On<JsonElement>(method, payload => viewer.Add(method, payload));
        }
        await hub.StartAsync(TestContext.Current.CancellationToken);
        return viewer;
    }

    /// <summary>How many messages have arrived so far (a starting point for <see cref="NextAsync"/>).</summary>
    public int Count
    {
        get
        {
            lock (_messages)
            {
                return _messages.Count;
            }
        }
    }

    /// <summary>The first <paramref name="method"/> message from position <paramref name="from"/> on that matches, waiting for it up to <paramref name="timeout"/>.</summary>
    public async Task<JsonElement> NextAsync(string method, Func<JsonElement, bool> match, TimeSpan timeout, int from = 0)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(timeout);
        var next = from;
        while (true)
        {
            Task arrived;
            lock (_messages)
            {
                for (; next < _messages.Count; next++)
                {
                    var (m, payload) = _messages[next];
                    if (m == method && match(payload))
                    {
                        return payload;
                    }
                }
                arrived = _arrived.Task;
            }
            try
            {
                await arrived.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"No matching '{method}' message within {timeout.TotalSeconds:0} s ({next} messages arrived).");
            }
        }
    }

    /// <summary>Every message so far, in order.</summary>
    public IReadOnlyList<(string Method, JsonElement Payload)> Messages()
    {
        lock (_messages)
        {
            return [.. _messages];
        }
    }

    public ValueTask DisposeAsync() => Hub.DisposeAsync();

    private void Add(string method, JsonElement payload)
    {
        TaskCompletionSource arrived;
        lock (_messages)
        {
            _messages.Add((method, payload));
            arrived = _arrived;
            _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        arrived.SetResult();
    }
}
