using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace Twin.Durability.Tests.Infrastructure;

/// <summary>
/// A Mosquitto broker of the test's own (Debian's <c>mosquitto</c> package) as a child process: its own free port
/// on the loopback interface, a config file generated in the test's folder, its output captured. Killed on dispose.
/// </summary>
public sealed class MosquittoProcess : IAsyncDisposable
{
    /// <summary>Where Debian puts the broker (it is not on a normal user's PATH).</summary>
    private static readonly string[] Candidates = ["/usr/sbin/mosquitto", "/usr/local/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/bin/mosquitto"];

    private readonly Process _process;
    private readonly ProcessOutput _output = new();

    private MosquittoProcess(int port, string configPath, Process process)
    {
        Port = port;
        ConfigPath = configPath;
        _process = process;
    }

    /// <summary>The port it listens on (127.0.0.1 only).</summary>
    public int Port { get; }

    /// <summary>The generated mosquitto.conf.</summary>
    public string ConfigPath { get; }

    public int ProcessId => _process.Id;

    /// <summary>Everything the broker wrote so far.</summary>
    public string Log => _output.ToString();

    /// <summary>
    /// Starts a broker on a fresh port with a config in <paramref name="directory"/> and waits until it accepts TCP
    /// connections. Fails (never skips) when mosquitto is not installed.
    /// </summary>
    public static Task<MosquittoProcess> StartAsync(string directory, CancellationToken ct = default) =>
        StartAsync(directory, ["allow_anonymous true"], ct);

    /// <summary>
    /// Starts a broker as above whose access is given by <paramref name="access"/> (config lines in place of
    /// <c>allow_anonymous true</c>, e.g. <c>password_file</c> and <c>acl_file</c>).
    /// </summary>
    /// <param name="logPackets">Every packet in the log (the tests count them); a benchmark turns it off.</param>
    public static async Task<MosquittoProcess> StartAsync(string directory, IReadOnlyList<string> access, CancellationToken ct = default, bool logPackets = true)
    {
        var binary = FindBinary() ?? throw new InvalidOperationException(
            "mosquitto is not installed (looked for " + string.Join(", ", Candidates) + " and PATH). " +
            "./test.sh installs it (Debian package 'mosquitto'), or: sudo apt-get install mosquitto.");
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePorts.Take(1)[0];
            var broker = Launch(binary, directory, port, access, logPackets);
            try
            {
                await broker.WaitUntilListeningAsync(TimeSpan.FromSeconds(20), ct);
                return broker;
            }
            catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
            {
                await broker.DisposeAsync();
                if (attempt < 3 && broker.Log.Contains("Address already in use", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }
                throw new InvalidOperationException($"{ex.Message}\n----- mosquitto output -----\n{broker.Log}", ex);
            }
        }
    }

    private static MosquittoProcess Launch(string binary, string directory, int port, IReadOnlyList<string> access, bool logPackets)
    {
        var config = Path.Combine(directory, $"mosquitto-{port}.conf");
        // persistence false: the broker lives for one test; sessions and queues are kept in memory while it runs.
        // max_queued_messages: an offline persistent session (a stopped silo) keeps far more than the default 1000.
        // max_inflight_messages 0: no limit of the broker's own; the silos' MQTT 5 Receive Maximum bounds it.
        File.WriteAllText(config, string.Join('\n', (string[])[
            $"listener {port.ToString(CultureInfo.InvariantCulture)} 127.0.0.1",
            .. access,
            "persistence false",
            "max_queued_messages 100000",
            "max_inflight_messages 0",
            // stderr, not stdout: mosquitto 2.0 does not flush stdout per line, and C's stderr is unbuffered, so each
            // line reaches the test as it happens.
            "log_dest stderr",
            // Every packet (debug): the test counts what the broker sent to whom and what each member acknowledged.
            logPackets ? "log_type all" : "log_type error\nlog_type warning\nlog_type notice",
            "log_timestamp true",
            "log_timestamp_format %H:%M:%S",
            "connection_messages true",
            ""]));
        var info = new ProcessStartInfo(binary) { WorkingDirectory = directory };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(config);
        var process = new Process { StartInfo = info };
        var broker = new MosquittoProcess(port, config, process);
        broker._output.Start(process, $"mosquitto (port {port})");
        return broker;
    }

    private async Task WaitUntilListeningAsync(TimeSpan timeout, CancellationToken ct)
    {
        await Poll.UntilAsync($"mosquitto accepts connections on 127.0.0.1:{Port}", timeout, async token =>
        {
            if (_process.HasExited)
            {
                await _process.WaitForExitAsync(CancellationToken.None);
                throw new InvalidOperationException($"mosquitto exited with code {_process.ExitCode} before it listened on {Port}.");
            }
            using var tcp = new TcpClient();
            try
            {
                await tcp.ConnectAsync("127.0.0.1", Port, token);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }, ct);
    }

    private static string? FindBinary()
    {
        foreach (var candidate in Candidates)
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, "mosquitto");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    /// <summary>A position in <see cref="Log"/>, to read what the broker wrote after it.</summary>
    public int Mark() => _output.Mark();

    /// <summary>What the broker wrote since <paramref name="mark"/>.</summary>
    public string LogSince(int mark) => _output.Since(mark);

    /// <summary>PUBLISH packets the broker sent to <paramref name="clientId"/> on native uplink topics since <paramref name="mark"/> (its debug log).</summary>
    public int UplinksSentTo(string clientId, int mark) =>
        CountLines(LogSince(mark), $"Sending PUBLISH to {clientId} (", "'toyama/");

    /// <summary>PUBACK packets the broker received from <paramref name="clientId"/> since <paramref name="mark"/> (its debug log).</summary>
    public int AcknowledgementsFrom(string clientId, int mark) =>
        CountLines(LogSince(mark), $"Received PUBACK from {clientId} (", null);

    private static int CountLines(string log, string what, string? alsoContaining)
    {
        var count = 0;
        foreach (var line in log.AsSpan().EnumerateLines())
        {
            if (line.Contains(what, StringComparison.Ordinal) && (alsoContaining is null || line.Contains(alsoContaining, StringComparison.Ordinal)))
            {
                count++;
            }
        }
        return count;
    }

    /// <summary>A line of the test's own in the broker's log.</summary>
    public void Note(string line) => _output.Note(line);

    /// <summary>Kills the broker (SIGKILL) and waits until it is gone.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _process.WaitForExitAsync(cts.Token);
            }
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }
        _process.Dispose();
    }
}
