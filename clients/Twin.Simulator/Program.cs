using System.Globalization;
using Twin.Catalog;

namespace Twin.Simulator;

/// <summary>The console: <c>dotnet run --project clients/Twin.Simulator -- --cadence fixed --rate 1000 --duration 60</c>.</summary>
internal static class Program
{
    private const string Usage = """
        Toyama twin device fleet simulator: publishes the city's devices to an MQTT broker.

          --host H              broker host (127.0.0.1)
          --port P              broker port (1883)
          --cadence C           demo | real | fixed (demo: every device once a minute)
          --rate N              messages/s across the fleet, fixed cadence (1000)
          --format F            native | tts | chirpstack | mixed (native)
          --duration S          stop after S seconds (or hh:mm:ss)
          --count N             stop after N messages
          --qos Q               0 | 1 (1: PUBACKs counted, with latency)
          --connections N       MQTT connections (1)
          --in-flight N         QoS 1 publishes in flight per connection (256)
          --synthetic N         add N synthetic devices to the catalog (load tests)
          --seed N              seed of the simulated city (1)
          --demo-period S       demo cadence period in seconds (60)
          --non-consenting N    non-consenting child trackers that send anyway, rarely (2)
          --username U          broker account (its password from TWIN_MQTT_PASSWORD or --password-file)
          --password-file F     a file holding the account's password (first line)
          --per-device          one connection per device, signed in with its derived key; the twin's device key
                                secret from TWIN_MQTT_DEVICE_KEY_SECRET or --device-key-secret-file
          --device-key-secret-file F   a file holding the device key secret (first line)
          --json                print the summary as one JSON line (for benchmarks)
        """;

    public static async Task<int> Main(string[] args)
    {
        SimulatorOptions options;
        var json = args.Contains("--json");
        try
        {
            options = Parse([.. args.Where(a => a != "--json")], Environment.GetEnvironmentVariable);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }
        if (options is null)
        {
            Console.WriteLine(Usage);
            return 0;
        }

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true; // finish with a summary rather than die mid-line
            stop.Cancel();
        };

        var time = TimeProvider.System;
        var simulator = new FleetSimulator(TwinCatalog.Load(options.SyntheticDevices), time, options.Seed, options);
        var publisher = new PublisherOptions(options.Host ?? "127.0.0.1", options.Port == 0 ? 1883 : options.Port, options.Qos,
            options.Connections, options.MaxInFlight, options.Username, options.Password, options.PerDevice ? options.DeviceKeySecret : null);
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{simulator.Senders.Length + simulator.RareSenders.Length} devices, {options.Cadence} cadence{(options.Cadence == Cadence.Fixed ? $" at {options.Rate} msg/s" : "")}, {options.Format} format → {publisher.Host}:{publisher.Port}"));
        try
        {
            var summary = await SimulatorRunner.RunAsync(simulator, publisher, time, TimeSpan.FromSeconds(10),
                progress: s => Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"… {s.Sent} sent, {s.Acknowledged} acknowledged, {s.Rejected} rejected, {s.Errors} errors")),
                cancellationToken: stop.Token);
            Console.WriteLine(json ? System.Text.Json.JsonSerializer.Serialize(new
            {
                sent = summary.Sent,
                acknowledged = summary.Acknowledged,
                rejected = summary.Rejected,
                errors = summary.Errors,
                elapsedS = summary.Elapsed.TotalSeconds,
                sentPerS = summary.SentPerSecond,
                acknowledgedPerS = summary.AcknowledgedPerSecond,
                p50Ms = summary.LatencyP50Ms,
                p99Ms = summary.LatencyP99Ms,
            }) : summary.ToString());
            return summary.Errors > 0 ? 1 : 0;
        }
        catch (InvalidOperationException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return 1;
        }
    }

    /// <summary>
    /// The options of the command line, with secrets from the environment (<paramref name="environment"/>) or files,
    /// never from the command line itself; null for --help.
    /// </summary>
    internal static SimulatorOptions Parse(string[] args, Func<string, string?>? environment = null)
    {
        environment ??= _ => null;
        var o = new SimulatorOptions
        {
            Password = environment("TWIN_MQTT_PASSWORD"),
            DeviceKeySecret = environment("TWIN_MQTT_DEVICE_KEY_SECRET"),
        };
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name is "-h" or "--help")
            {
                return null!;
            }
            if (name == "--per-device")
            {
                o.PerDevice = true;
                continue;
            }
            var eq = name.IndexOf('=', StringComparison.Ordinal);
            string value;
            if (eq > 0)
            {
                value = name[(eq + 1)..];
                name = name[..eq];
            }
            else
            {
                if (i + 1 >= args.Length)
                {
                    throw new ArgumentException($"{name} needs a value");
                }
                value = args[++i];
            }
            var c = CultureInfo.InvariantCulture;
            switch (name)
            {
                case "--host": o.Host = value; break;
                case "--port": o.Port = int.Parse(value, c); break;
                case "--cadence": o.Cadence = Enum.Parse<Cadence>(value, ignoreCase: true); break;
                case "--rate": o.Rate = double.Parse(value, c); break;
                case "--format": o.Format = Enum.Parse<UplinkFormat>(value, ignoreCase: true); break;
                case "--duration": o.Duration = value.Contains(':') ? TimeSpan.Parse(value, c) : TimeSpan.FromSeconds(double.Parse(value, c)); break;
                case "--count": o.Count = long.Parse(value, c); break;
                case "--qos": o.Qos = int.Parse(value, c) is var q and (0 or 1) ? q : throw new ArgumentException("--qos is 0 or 1"); break;
                case "--connections": o.Connections = Math.Max(1, int.Parse(value, c)); break;
                case "--in-flight": o.MaxInFlight = Math.Max(1, int.Parse(value, c)); break;
                case "--synthetic": o.SyntheticDevices = int.Parse(value, c); break;
                case "--seed": o.Seed = ulong.Parse(value, c); break;
                case "--demo-period": o.DemoPeriodS = int.Parse(value, c); break;
                case "--non-consenting": o.NonConsentingSenders = int.Parse(value, c); break;
                case "--username": o.Username = value; break;
                case "--password": throw new ArgumentException("--password is not taken (a command line is visible to every user): use TWIN_MQTT_PASSWORD or --password-file");
                case "--password-file": o.Password = FirstLine(value); break;
                case "--device-key-secret-file": o.DeviceKeySecret = FirstLine(value); break;
                default: throw new ArgumentException($"unknown option {name}");
            }
        }
        if (o.Rate <= 0)
        {
            throw new ArgumentException("--rate must be positive");
        }
        if (o.PerDevice && string.IsNullOrEmpty(o.DeviceKeySecret))
        {
            throw new ArgumentException("--per-device needs the twin's device key secret: TWIN_MQTT_DEVICE_KEY_SECRET or --device-key-secret-file");
        }
        return o;
    }

    private static string FirstLine(string path) => File.ReadLines(path).FirstOrDefault()?.Trim() ?? "";
}
