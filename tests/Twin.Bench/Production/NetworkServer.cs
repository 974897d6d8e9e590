using System.Diagnostics;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Twin.Catalog;
using Twin.Grains.Abstractions;
using Twin.Simulator;

namespace Twin.Bench.Production;

/// <summary>What one publishing run did.</summary>
/// <param name="Acknowledged">The (device, f_cnt) pairs the broker acknowledged (PUBACK success).</param>
public sealed record PublishRun(long Published, long Failed, TimeSpan Elapsed, IReadOnlyCollection<(string DeviceId, long Seq)> Acknowledged);

/// <summary>
/// A simulated LoRaWAN network server (The Things Stack v3): its uplinks, in the simulator's TTS form with our codec in
/// <c>frm_payload</c>, published at QoS 1 on <c>v3/{app}@toyama/devices/{id}/up</c> over one or many connections as
/// the broker account <c>network-server</c>. Each device's f_cnt counts on across runs, so every reading is new.
/// </summary>
public sealed class NetworkServer
{
    private readonly FleetSimulator _simulator;
    private readonly UplinkFormatter _formatter;
    private readonly Dictionary<string, long> _seq = new(StringComparer.Ordinal);

    public NetworkServer(TwinCatalog catalog, IReadOnlyList<DeviceInfo> devices, DeviceInfo probe)
    {
        Devices = devices;
        Probe = probe;
        var options = new SimulatorOptions();
        _simulator = new FleetSimulator(catalog, TimeProvider.System, seed: 17, options);
        _formatter = new UplinkFormatter(catalog, options, seed: 17);
        foreach (var d in devices.Append(probe))
        {
            _seq[d.Id] = 0;
        }
    }

    /// <summary>The devices the load speaks for.</summary>
    public IReadOnlyList<DeviceInfo> Devices { get; }

    /// <summary>A device kept out of the load, whose single readings are timed through the system.</summary>
    public DeviceInfo Probe { get; }

    /// <summary>Moves every device's next f_cnt to at least <paramref name="seq"/> (a band of its own for a run).</summary>
    public void SkipTo(long seq)
    {
        lock (_seq)
        {
            foreach (var id in _seq.Keys.ToList())
            {
                _seq[id] = Math.Max(_seq[id], seq - 1);
            }
        }
    }

    /// <summary>A connection of the network server (a persistent client id of its own).</summary>
    public static async Task<IMqttClient> ConnectAsync(int port, string username, string password, string clientId)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var result = await client.ConnectAsync(new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithClientId(clientId)
            .WithCredentials(username, password)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithTimeout(TimeSpan.FromSeconds(30))
            .Build());
        return result.ResultCode == MqttClientConnectResultCode.Success
            ? client
            : throw new InvalidOperationException($"{username} could not connect: {result.ResultCode} {result.ReasonString}");
    }

    /// <summary>The next uplink of <paramref name="device"/> (its f_cnt counted on), as topic and payload.</summary>
    public (string Topic, byte[] Payload, long Seq) Next(DeviceInfo device)
    {
        long seq;
        lock (_seq)
        {
            seq = ++_seq[device.Id];
        }
        if (seq > 0xFFFF)
        {
            throw new InvalidOperationException($"{device.Id}: f_cnt would pass 65535; give the run fewer readings or more devices.");
        }
        var uplink = _formatter.Format(device, _simulator.Sample(device, TimeProvider.System.GetUtcNow(), seq), UplinkFormat.Tts);
        return (uplink.Topic, uplink.Payload, seq);
    }

    /// <summary>
    /// Publishes <paramref name="count"/> uplinks (or for <paramref name="duration"/>) round the devices over
    /// <paramref name="connections"/>, at most <paramref name="inFlight"/> unacknowledged on each; at
    /// <paramref name="rate"/> a second in all when given, else as fast as the broker acknowledges.
    /// </summary>
    public async Task<PublishRun> PublishAsync(IReadOnlyList<IMqttClient> connections, long? count, TimeSpan? duration, double? rate, int inFlight)
    {
        var acked = new List<(string, long)>();
        long published = 0, failed = 0;
        var clock = Stopwatch.StartNew();
        var next = 0L;
        var gate = new object();

        async Task Worker(int c)
        {
            var client = connections[c];
            using var window = new SemaphoreSlim(inFlight, inFlight);
            var pending = new List<Task>();
            while (true)
            {
                long i;
                DeviceInfo device;
                (string Topic, byte[] Payload, long Seq) up;
                lock (gate)
                {
                    i = next;
                    if ((count is { } n && i >= n) || (duration is { } d && clock.Elapsed >= d))
                    {
                        break;
                    }
                    next++;
                    device = Devices[(int)(i % Devices.Count)];
                    up = Next(device);
                }
                if (rate is { } r)
                {
                    var due = TimeSpan.FromSeconds(i / r);
                    if (due > clock.Elapsed)
                    {
                        await Task.Delay(due - clock.Elapsed);
                    }
                }
                await window.WaitAsync();
                pending.Add(PublishOneAsync(client, up.Topic, up.Payload, device.Id, up.Seq, window));
                if (pending.Count > 4 * inFlight)
                {
                    pending.RemoveAll(t => t.IsCompleted);
                }
            }
            await Task.WhenAll(pending);
        }

        async Task PublishOneAsync(IMqttClient client, string topic, byte[] payload, string deviceId, long seq, SemaphoreSlim window)
        {
            try
            {
                var result = await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
                    .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
                lock (acked)
                {
                    published++;
                    if (result.IsSuccess)
                    {
                        acked.Add((deviceId, seq));
                    }
                    else
                    {
                        failed++;
                    }
                }
            }
            catch (Exception ex) when (ex is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException)
            {
                lock (acked)
                {
                    published++;
                    failed++;
                }
            }
            finally
            {
                window.Release();
            }
        }

        await Task.WhenAll(Enumerable.Range(0, connections.Count).Select(c => Task.Run(() => Worker(c))));
        return new PublishRun(published, failed, clock.Elapsed, acked);
    }
}
