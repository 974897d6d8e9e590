using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;

namespace Twin.Silo.Tests.Alarms;

/// <summary>
/// A real SMTP server for a test: Debian's aiosmtpd (<c>python3-aiosmtpd</c>) on a loopback port, writing each message it
/// takes (decoded subject and plain body) to a JSON file and a line to stdout; a recipient starting <c>nobody@</c> is refused
/// with 550.
/// </summary>
internal sealed class SmtpServer : IAsyncDisposable
{
    private const string Script = """
        import asyncio, email, json, os, sys
        from email import policy
        from aiosmtpd.controller import Controller

        class Handler:
            def __init__(self, folder):
                self.folder = folder
                self.count = 0

            async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
                if address.startswith("nobody@"):
                    return "550 5.1.1 no such mailbox"
                envelope.rcpt_tos.append(address)
                return "250 OK"

            async def handle_DATA(self, server, session, envelope):
                message = email.message_from_bytes(envelope.content, policy=policy.default)
                self.count += 1
                path = os.path.join(self.folder, "%04d.json" % self.count)
                with open(path, "w", encoding="utf-8") as f:
                    json.dump({
                        "from": envelope.mail_from,
                        "to": envelope.rcpt_tos,
                        "subject": str(message["subject"]),
                        "idempotencyKey": str(message["Idempotency-Key"]),
                        "body": message.get_body(("plain",)).get_content(),
                    }, f, ensure_ascii=False)
                print("received " + path, flush=True)
                return "250 OK"

        controller = Controller(Handler(sys.argv[2]), hostname="127.0.0.1", port=int(sys.argv[1]))
        controller.start()
        print("ready", flush=True)
        sys.stdin.read()
        controller.stop()
        """;

    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly string _folder;

    private SmtpServer(Process process, string folder, int port)
    {
        _process = process;
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    public static async Task<SmtpServer> StartAsync()
    {
        var folder = Directory.CreateTempSubdirectory("twin-smtp-").FullName;
        var script = Path.Combine(folder, "server.py");
        await File.WriteAllTextAsync(script, Script, TestContext.Current.CancellationToken);
        var port = TwinAppFixture.FreePort();
        var start = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { script, port.ToString(CultureInfo.InvariantCulture), folder })
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
        var server = new SmtpServer(process, folder, port);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                server._lines.Writer.TryWrite(line);
            }
        };
        var errors = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) => errors.AppendLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var first = await server.NextLineAsync();
            if (first != "ready")
            {
                throw new InvalidOperationException($"aiosmtpd said '{first}'");
            }
        }
        catch (Exception ex) when (ex is TimeoutException or ChannelClosedException or InvalidOperationException)
        {
            await server.DisposeAsync();
            throw new InvalidOperationException($"aiosmtpd did not start (install python3-aiosmtpd): {errors}", ex);
        }
        return server;
    }

    /// <summary>The next message the server takes.</summary>
    public async Task<JsonDocument> NextMessageAsync()
    {
        var line = await NextLineAsync();
        Assert.StartsWith("received ", line, StringComparison.Ordinal);
        return JsonDocument.Parse(await File.ReadAllTextAsync(line["received ".Length..], TestContext.Current.CancellationToken));
    }

    private async Task<string> NextLineAsync() =>
        await _lines.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(DispatcherHarness.Timeout, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }
        _process.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
