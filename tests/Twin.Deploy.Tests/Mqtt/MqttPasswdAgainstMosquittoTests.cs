using System.Text;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Twin.Catalog;
using Twin.Cli.Mqtt;
using Twin.Codecs;
using Twin.Deploy.Tests.Infrastructure;
using Twin.Durability.Tests.Infrastructure;
using Twin.Grains.Abstractions;

namespace Twin.Deploy.Tests.Mqtt;

/// <summary>
/// <c>Twin.Cli mqtt passwd</c> run as a process, its files given to a real Mosquitto: devices sign in with their
/// derived passwords and are held to their own topics; the silos' account reads the uplinks through the shared group.
/// </summary>
public sealed class MqttPasswdAgainstMosquittoTests
{
    private const string Secret = "deploy-test-device-key-secret-of-at-least-32-bytes";
    private const string SiloPassword = "deploy-test-silo-password", NetworkServerPassword = "deploy-test-tts-password";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task DevicesSignInWithTheirDerivedPasswordsAndPublishOnlyTheirOwnUplinksWhichOnlyTheSilosRead()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempFolder("twin-deploy-mosquitto-");
        var auth = Path.Combine(dir.Path, "auth");
        var siloPasswordFile = Path.Combine(dir.Path, "silo-password");
        await File.WriteAllTextAsync(siloPasswordFile, SiloPassword + "\n", ct);
        var cli = await Tool.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "Twin.Cli.dll"), "mqtt", "passwd", "--out", auth], dir.Path,
            environment: new Dictionary<string, string>
            {
                ["Twin__Mqtt__DeviceKeySecret"] = Secret,
                ["Twin__Mqtt__External__PasswordFile"] = siloPasswordFile,
                ["Twin__Mqtt__Accounts__0__Username"] = "tts",
                ["Twin__Mqtt__Accounts__0__Password"] = NetworkServerPassword,
                ["Twin__Mqtt__Accounts__0__Role"] = "network-server",
                ["Twin__Mqtt__Accounts__0__Applications"] = "*",
                ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            });
        Assert.True(cli.ExitCode == 0, cli.ToString());
        var catalog = TwinCatalog.Load();
        Assert.Equal(catalog.Devices.Count + 2, File.ReadAllLines(Path.Combine(auth, MqttPasswdCommand.PasswordFileName)).Length);

        await using var broker = await MosquittoProcess.StartAsync(dir.Path,
            // As the test's own user: the files are its own, mode 600 (a broker started as root would switch to the user mosquitto).
            ["allow_anonymous false", $"user {Environment.UserName}", $"password_file {Path.Combine(auth, "passwd")}", $"acl_file {Path.Combine(auth, "acl")}"], ct);
        try
        {
            var gauges = catalog.Devices.Where(d => d.Kind == DeviceKind.RiverGauge).Take(2).ToList();
            var (me, other) = (gauges[0].Id, gauges[1].Id);

            // Unknown users, wrong passwords and another device's password are refused at CONNECT (Mosquitto 2.0 answers an MQTT 5 client "not authorized").
            Assert.Equal(MqttClientConnectResultCode.NotAuthorized, await RefusedAsync(broker.Port, me, "wrong", ct));
            Assert.Equal(MqttClientConnectResultCode.NotAuthorized, await RefusedAsync(broker.Port, me, DeviceKeys.PasswordFor(Secret, other), ct));
            Assert.Equal(MqttClientConnectResultCode.NotAuthorized, await RefusedAsync(broker.Port, "nobody", "x", ct));

            using var silo = await ConnectAsync(broker.Port, "twin-silo", SiloPassword, ct);
            var received = new Received(silo);
            var sub = await silo.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
                .WithTopicFilter("$share/twin/toyama/+/+/up", MqttQualityOfServiceLevel.AtLeastOnce)
                .WithTopicFilter("$share/twin/v3/+/devices/+/up", MqttQualityOfServiceLevel.AtLeastOnce).Build(), ct);
            Assert.All(sub.Items, i => Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, i.ResultCode));

            using var device = await ConnectAsync(broker.Port, me, DeviceKeys.PasswordFor(Secret, me), ct);
            // Another device's uplink: refused (MQTT 5 PUBACK "not authorized"), never delivered.
            var forged = await PublishAsync(device, $"toyama/river-gauge/{other}/up", ct);
            Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, forged.ReasonCode);
            // Its own: accepted and delivered to the silos' shared subscription.
            var own = await PublishAsync(device, $"toyama/river-gauge/{me}/up", ct);
            Assert.Equal(MqttClientPublishReasonCode.Success, own.ReasonCode);
            await received.WaitForAsync($"toyama/river-gauge/{me}/up", ct);

            // A device reads only its own downlink, and no uplink of anyone's. Mosquitto 2.0 grants every subscription
            // and applies "read" rules as it delivers: what the device receives is the test.
            var deviceGot = new Received(device);
            await device.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
                .WithTopicFilter("toyama/+/+/down", MqttQualityOfServiceLevel.AtLeastOnce)
                .WithTopicFilter("toyama/+/+/up", MqttQualityOfServiceLevel.AtLeastOnce).Build(), ct);
            using var neighbour = await ConnectAsync(broker.Port, other, DeviceKeys.PasswordFor(Secret, other), ct);
            Assert.Equal(MqttClientPublishReasonCode.Success, (await PublishAsync(neighbour, $"toyama/river-gauge/{other}/up", ct)).ReasonCode);
            Assert.Equal(MqttClientPublishReasonCode.Success, (await PublishAsync(silo, $"toyama/river-gauge/{other}/down", ct)).ReasonCode);
            Assert.Equal(MqttClientPublishReasonCode.Success, (await PublishAsync(silo, $"toyama/river-gauge/{me}/down", ct)).ReasonCode);
            // Mosquitto handles one message at a time: the neighbour's uplink and downlink would be queued before this.
            await deviceGot.WaitForAsync($"toyama/river-gauge/{me}/down", ct);
            Assert.Equal([$"toyama/river-gauge/{me}/down"], deviceGot.Topics);
            // Only the twin publishes downlinks.
            Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, (await PublishAsync(device, $"toyama/river-gauge/{me}/down", ct)).ReasonCode);

            // The network server publishes LoRaWAN uplinks for its applications, and cannot pose as a device natively.
            using var tts = await ConnectAsync(broker.Port, "tts", NetworkServerPassword, ct);
            Assert.Equal(MqttClientPublishReasonCode.Success, (await PublishAsync(tts, "v3/toyama-water@toyama/devices/marker/up", ct)).ReasonCode);
            Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, (await PublishAsync(tts, $"toyama/river-gauge/{me}/up", ct)).ReasonCode);

            // The marker came after the forged uplink: had the broker passed that one on, it would be here too.
            await received.WaitForAsync("v3/toyama-water@toyama/devices/marker/up", ct);
            Assert.Equal([$"toyama/river-gauge/{me}/up", $"toyama/river-gauge/{other}/up", "v3/toyama-water@toyama/devices/marker/up"], received.Topics);
        }
        catch
        {
            TestContext.Current.TestOutputHelper?.WriteLine(broker.Log);
            throw;
        }
    }

    /// <summary>The topics a client received, in order, and a wait for one of them.</summary>
    private sealed class Received
    {
        private readonly List<string> _topics = [];
        private readonly List<(string Topic, TaskCompletionSource Seen)> _waits = [];

        public Received(IMqttClient client) => client.ApplicationMessageReceivedAsync += e =>
        {
            lock (_topics)
            {
                _topics.Add(e.ApplicationMessage.Topic);
                foreach (var w in _waits.Where(w => w.Topic == e.ApplicationMessage.Topic))
                {
                    w.Seen.TrySetResult();
                }
            }
            return Task.CompletedTask;
        };

        public IReadOnlyList<string> Topics
        {
            get
            {
                lock (_topics)
                {
                    return [.. _topics];
                }
            }
        }

        public Task WaitForAsync(string topic, CancellationToken ct)
        {
            var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_topics)
            {
                if (_topics.Contains(topic))
                {
                    return Task.CompletedTask;
                }
                _waits.Add((topic, seen));
            }
            return seen.Task.WaitAsync(Wait, ct);
        }
    }

    private static MqttClientOptions Options(int port, string user, string password) => new MqttClientOptionsBuilder()
        .WithTcpServer("127.0.0.1", port)
        .WithCredentials(user, password)
        .WithClientId(user)
        .WithProtocolVersion(MqttProtocolVersion.V500)
        .WithTimeout(Wait)
        .Build();

    private static async Task<IMqttClient> ConnectAsync(int port, string user, string password, CancellationToken ct)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var result = await client.ConnectAsync(Options(port, user, password), ct);
        Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
        return client;
    }

    /// <summary>The CONNACK's reason code (MQTTnet 5 returns it rather than throwing).</summary>
    private static async Task<MqttClientConnectResultCode> RefusedAsync(int port, string user, string password, CancellationToken ct)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        return (await client.ConnectAsync(Options(port, user, password), ct)).ResultCode;
    }

    private static Task<MqttClientPublishResult> PublishAsync(IMqttClient client, string topic, CancellationToken ct) =>
        client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(Encoding.UTF8.GetBytes("{}"))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), ct);
}
