using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;

namespace Twin.Durability.Tests.Infrastructure;

/// <summary>How one silo process is started: storage, clustering and the ids that key its state.</summary>
public sealed record SiloSettings(string Name, string ClusterId, string ServiceId)
{
    /// <summary><c>--Twin:Storage</c>: Sqlite, Postgres or Memory.</summary>
    public string Storage { get; init; } = "Sqlite";

    /// <summary><c>--Twin:Sqlite:Path</c> when <see cref="Storage"/> is Sqlite.</summary>
    public string? SqlitePath { get; init; }

    /// <summary><c>--ConnectionStrings:Twin</c> for Postgres storage or clustering.</summary>
    public string? PostgresConnectionString { get; init; }

    /// <summary><c>--Twin:Clustering</c>: Localhost or Postgres.</summary>
    public string Clustering { get; init; } = "Localhost";

    /// <summary>Further <c>--key=value</c> arguments.</summary>
    public IReadOnlyList<string> Extra { get; init; } = [];

    /// <summary>Further settings by environment variable (<c>__</c> for <c>:</c>): secrets, which never go on a command line.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// The real silo (<c>dotnet Twin.Silo.dll</c>) as a child process on free ports of its own, with its output
/// captured so a failing test can show it. Stopped gracefully with SIGTERM, or killed with SIGKILL.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private static readonly Lazy<string> SiloDllPath = new(FindSiloDll);
    private readonly Process _process;
    private readonly ProcessOutput _output = new();

    private SiloProcess(SiloSettings settings, int httpPort, int mqttPort, int siloPort, int gatewayPort, Process process)
    {
        Settings = settings;
        HttpPort = httpPort;
        MqttPort = mqttPort;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
        _process = process;
        var baseAddress = new Uri($"http://127.0.0.1:{httpPort}");
        Http = new HttpClient(new BearerTokenHandler(baseAddress, SiloAccounts.Admin, SiloAccounts.AdminPassword)) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(40) };
    }

    public SiloSettings Settings { get; }

    public int HttpPort { get; }

    public int MqttPort { get; }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    /// <summary>A client for this silo's REST API, signed in as <see cref="SiloAccounts.Admin"/>.</summary>
    public HttpClient Http { get; }

    /// <summary>A fresh bearer token of this silo for <paramref name="name"/> (default the admin), e.g. for a hub connection.</summary>
    public Task<string> TokenAsync(string name = SiloAccounts.Admin, string password = SiloAccounts.AdminPassword, CancellationToken ct = default) =>
        BearerTokenHandler.TokenAsync(Http.BaseAddress!, name, password, ct);

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Everything the process wrote to stdout and stderr so far.</summary>
    public string Log => _output.ToString();

    /// <summary>Starts the silo on fresh ports and waits until <c>GET /health</c> answers (or the process dies, or the timeout passes).</summary>
    public static async Task<SiloProcess> StartAsync(SiloSettings settings, TimeSpan? readyTimeout = null, CancellationToken ct = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnceAsync(settings, readyTimeout, ct);
            }
            catch (PortClashException) when (attempt < 3)
            {
                // Someone took one of the ports between our check and the silo binding it: fresh ports, once more.
            }
        }
    }

    private static async Task<SiloProcess> StartOnceAsync(SiloSettings settings, TimeSpan? readyTimeout, CancellationToken ct)
    {
        var ports = FreePorts.Take(4);
        var dll = SiloDllPath.Value;
        var info = new ProcessStartInfo("dotnet")
        {
            // The content root: appsettings.json and the catalog data sit next to the dll.
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        info.ArgumentList.Add(dll);
        var args = new List<string>
        {
            "--urls", $"http://127.0.0.1:{ports[0]}",
            $"--Twin:Mqtt:Port={ports[1]}",
            $"--Twin:Silo:SiloPort={ports[2]}",
            $"--Twin:Silo:GatewayPort={ports[3]}",
            $"--Twin:Silo:ClusterId={settings.ClusterId}",
            $"--Twin:Silo:ServiceId={settings.ServiceId}",
            $"--Twin:Storage={settings.Storage}",
            $"--Twin:Clustering={settings.Clustering}",
            "--Twin:Simulator:Enabled=false",
            // Timestamps, so a failing test's output shows what happened when.
            "--Logging:Console:FormatterName=simple",
            "--Logging:Console:FormatterOptions:TimestampFormat=HH:mm:ss.fff ",
            "--Logging:Console:FormatterOptions:SingleLine=true",
        };
        if (settings.SqlitePath is { } path)
        {
            args.Add($"--Twin:Sqlite:Path={path}");
        }
        if (settings.PostgresConnectionString is { } cs)
        {
            args.Add($"--ConnectionStrings:Twin={cs}");
        }
        if (settings.Clustering == "Postgres")
        {
            args.Add("--Twin:Silo:AdvertisedAddress=127.0.0.1");
            // What membership decides (suspicions, deaths, its own) is the story of a fail-over test.
            args.Add("--Logging:LogLevel:Orleans.Runtime.MembershipService=Information");
        }
        args.AddRange(settings.Extra);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }
        // A test run must not inherit a developer's environment choice (Development adds user secrets, etc.).
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment.Remove("ASPNETCORE_URLS");
        // Passwords go in the environment: a command line is visible to every user of the machine.
        SiloAccounts.AddTo(info);
        // The MQTT test secret and accounts by environment: secrets never go on a command line.
        foreach (var (key, value) in Twin.Tests.Shared.MqttTestCredentials.EnvironmentVariables)
        {
            info.Environment[key] = value;
        }
        foreach (var (key, value) in settings.Environment)
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info };
        var silo = new SiloProcess(settings, ports[0], ports[1], ports[2], ports[3], process);
        silo._output.Start(process, settings.Name);
        try
        {
            await silo.WaitUntilHealthyAsync(readyTimeout ?? TimeSpan.FromSeconds(120), ct);
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
            if (silo.HasExited)
            {
                // Drains its stdout and stderr, so the log below is complete.
                await process.WaitForExitAsync(CancellationToken.None);
            }
            var clash = silo.HasExited && silo.Log.Contains("address already in use", StringComparison.OrdinalIgnoreCase);
            await silo.DisposeAsync();
            if (clash)
            {
                throw new PortClashException(silo.Log);
            }
            throw new InvalidOperationException($"{ex.Message}\n----- output of {settings.Name} -----\n{silo.Log}", ex);
        }
        return silo;
    }

    /// <summary>Polls <c>GET /health</c> until it answers 200.</summary>
    public async Task WaitUntilHealthyAsync(TimeSpan timeout, CancellationToken ct = default)
    {
        using var probe = new HttpClient { BaseAddress = Http.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        await Poll.UntilAsync($"{Settings.Name} answers GET /health", timeout, async token =>
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Settings.Name} exited with code {_process.ExitCode} before it was healthy.");
            }
            try
            {
                using var response = await probe.GetAsync("/health", token);
                return response.StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false;
            }
            catch (TaskCanceledException) when (!token.IsCancellationRequested)
            {
                return false;
            }
        }, ct);
    }

    /// <summary>SIGTERM, as systemd or Kubernetes stop a silo, then waits for the process to end; returns its exit code.</summary>
    public async Task<int> StopGracefullyAsync(TimeSpan? timeout = null)
    {
        if (_process.HasExited)
        {
            return _process.ExitCode;
        }
        using (var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", _process.Id.ToString(CultureInfo.InvariantCulture) }, UseShellExecute = false })!)
        {
            await kill.WaitForExitAsync();
        }
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(90));
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Settings.Name} did not stop within {(timeout ?? TimeSpan.FromSeconds(90)).TotalSeconds:0} s of SIGTERM.");
        }
        Note($"{Settings.Name}: exited with code {_process.ExitCode} after SIGTERM");
        return _process.ExitCode;
    }

    /// <summary>kill -9: SIGKILL to the process tree, no shutdown code runs; waits until it is gone.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(cts.Token);
        Note($"{Settings.Name}: killed (SIGKILL)");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                await KillAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }
        Http.Dispose();
        _process.Dispose();
    }

    /// <summary>A line of the test's own, timestamped like the silo's.</summary>
    public void Note(string line) => _output.Note(line);

    /// <summary>
    /// Twin.Silo.dll as built by this test project's ProjectReference: same configuration and target framework,
    /// found by walking up from the test assembly's folder to the repository (the folder holding Twin.sln).
    /// <c>TWIN_SILO_DLL</c> overrides it.
    /// </summary>
    private static string FindSiloDll()
    {
        if (Environment.GetEnvironmentVariable("TWIN_SILO_DLL") is { Length: > 0 } overridden)
        {
            return File.Exists(overridden) ? Path.GetFullPath(overridden) : throw new FileNotFoundException($"TWIN_SILO_DLL names no file: {overridden}");
        }
        var baseDir = new DirectoryInfo(AppContext.BaseDirectory);
        var root = Repository.RootOrNull
            ?? throw new DirectoryNotFoundException($"No Twin.sln above {baseDir.FullName}; set TWIN_SILO_DLL to the silo's dll.");
        var configuration = typeof(SiloProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var tfm = baseDir.Name;
        var siloBin = Path.Combine(root, "silo", "Twin.Silo", "bin");
        var expected = Path.Combine(siloBin, configuration, tfm, "Twin.Silo.dll");
        if (File.Exists(expected))
        {
            return expected;
        }
        // Another output layout: take the newest build there is, and say which.
        var candidates = Directory.Exists(siloBin)
            ? Directory.GetFiles(siloBin, "Twin.Silo.dll", SearchOption.AllDirectories).OrderByDescending(File.GetLastWriteTimeUtc).ToList()
            : [];
        return candidates.Count > 0
            ? candidates[0]
            : throw new FileNotFoundException($"Twin.Silo.dll not found at {expected} nor under {siloBin}; build the test project (it builds the silo).");
    }
}

/// <summary>
/// Free TCP ports on the loopback interface, below Linux's ephemeral range (32768-60999) so that no outgoing
/// connection of another process can take one between our check and the silo binding it.
/// </summary>
public static class FreePorts
{
    private const int Low = 20000;
    private const int High = 32000;
    private static readonly HashSet<int> Handed = [];

    /// <summary>Distinct ports that were free just now and were never handed out before in this run.</summary>
    public static int[] Take(int count)
    {
        var ports = new List<int>();
        lock (Handed)
        {
            for (var attempt = 0; ports.Count < count; attempt++)
            {
                if (attempt > 10_000)
                {
                    throw new InvalidOperationException($"No {count} free TCP ports between {Low} and {High}.");
                }
                var port = Random.Shared.Next(Low, High);
                if (Handed.Contains(port) || !IsFree(port))
                {
                    continue;
                }
                Handed.Add(port);
                ports.Add(port);
            }
        }
        return [.. ports];
    }

    private static bool IsFree(int port)
    {
        try
        {
            var l = new TcpListener(IPAddress.Any, port);
            l.Start();
            l.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

/// <summary>Polling with a deadline: the only way these tests wait.</summary>
public static class Poll
{
    /// <summary>Evaluates <paramref name="condition"/> until it is true; fails with <paramref name="what"/> and the last error after <paramref name="timeout"/>.</summary>
    public static async Task UntilAsync(string what, TimeSpan timeout, Func<CancellationToken, Task<bool>> condition, CancellationToken ct = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        var started = Stopwatch.StartNew();
        Exception? last = null;
        var delay = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            try
            {
                if (await condition(deadline.Token))
                {
                    return;
                }
                last = null;
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !ct.IsCancellationRequested)
            {
                // Timed out inside the condition: reported below.
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException or System.Text.Json.JsonException or PollRetryException)
            {
                last = ex;
            }
            if (deadline.IsCancellationRequested)
            {
                ct.ThrowIfCancellationRequested();
                throw new TimeoutException($"Waited {started.Elapsed.TotalSeconds:0.0} s for: {what}." + (last is null ? "" : $" Last error: {last.GetType().Name}: {last.Message}"));
            }
            try
            {
                await Task.Delay(delay, deadline.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                // Loop once more so the timeout message is built above.
            }
            delay = TimeSpan.FromMilliseconds(Math.Min(500, delay.TotalMilliseconds * 1.5));
        }
    }
}

/// <summary>A silo could not bind one of its ports.</summary>
public sealed class PortClashException(string log) : Exception("A port was taken: " + log);

/// <summary>A condition not met yet, with the reason shown if the poll times out.</summary>
public sealed class PollRetryException(string message) : Exception(message);
