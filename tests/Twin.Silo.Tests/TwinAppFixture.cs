using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Twin.Tests.Shared;

namespace Twin.Silo.Tests;

/// <summary>
/// The whole silo in-process (Orleans, the embedded MQTT broker on a real port, the API on a test server),
/// with its own ports and cluster id so it never joins another silo on the machine.
/// </summary>
public class TwinAppFixture : WebApplicationFactory<Program>, IAsyncLifetime
{
    public int MqttPort { get; } = FreePort();

    public string DeadLetterTopic { get; } = "twin/dead-letter";

    /// <summary>A device whose MQTT access is revoked (<c>Twin:Mqtt:RevokedDevices</c>).</summary>
    public string RevokedDevice { get; } = Twin.Catalog.TwinCatalog.Load().Devices.Last(d => d.Kind == Twin.Grains.Abstractions.DeviceKind.EnvSensor).Id;

    /// <summary>A client signed in as <see cref="TestAccounts.Admin"/>, which every policy admits.</summary>
    public HttpClient Http { get; private set; } = null!;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Isolate(builder, "test", MqttPort);
        builder.UseSetting("Twin:Mqtt:DeadLetterTopic", DeadLetterTopic);
        builder.UseSetting("Twin:Ingestion:MaxReadingsPerDevicePerMinute", "30");
        builder.UseSetting("Twin:Mqtt:RevokedDevices:0", RevokedDevice);
        // Children's counts on a one-second cadence (60 s in production), so tests see them soon.
        builder.UseSetting("Twin:Privacy:CellIntervalS", "1");
        Configure(builder);
    }

    /// <summary>What a fixture built on this one sets besides.</summary>
    protected virtual void Configure(IWebHostBuilder builder)
    {
    }

    /// <summary>
    /// A silo of its own: free ports (HTTP, MQTT, silo, gateway), a fresh cluster id so it never joins another
    /// silo on the machine, memory storage, and the test accounts of <see cref="TestAccounts"/>.
    /// </summary>
    public static void Isolate(IWebHostBuilder builder, string clusterPrefix, int? mqttPort = null, bool withAccounts = true)
    {
        static string Port(int port) => port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        builder.UseSetting("Urls", "http://127.0.0.1:0");
        builder.UseSetting("Twin:Mqtt:Port", Port(mqttPort ?? FreePort()));
        builder.UseSetting("Twin:Silo:SiloPort", Port(FreePort()));
        builder.UseSetting("Twin:Silo:GatewayPort", Port(FreePort()));
        builder.UseSetting("Twin:Silo:ClusterId", clusterPrefix + "-" + Guid.NewGuid().ToString("N"));
        builder.UseSetting("Twin:Storage", "Memory");
        foreach (var (key, value) in MqttTestCredentials.SiloSettings)
        {
            builder.UseSetting(key, value);
        }
        // Tests refuse many CONNECTs on purpose, all from loopback: the throttle has its own test.
        builder.UseSetting("Twin:Mqtt:FailedConnectsPerMinute", "100000");
        if (withAccounts)
        {
            TestAccounts.Configure(builder);
        }
    }

    public virtual ValueTask InitializeAsync()
    {
        Http = this.CreateClientAs(TestAccounts.Admin);
        return ValueTask.CompletedTask;
    }

    public override async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        await base.DisposeAsync();
    }

    /// <summary>An MQTT 5 client connected to the embedded broker, signed in with the test account that has every role but a device's.</summary>
    public Task<IMqttClient> ConnectMqttAsync() => ConnectMqttAsync(MqttPort, MqttTestCredentials.AllRolesUsername, MqttTestCredentials.AllRolesPassword);

    /// <summary>An MQTT 5 client connected to the embedded broker as a device (its derived key).</summary>
    public Task<IMqttClient> ConnectDeviceAsync(string deviceId) => ConnectMqttAsync(MqttPort, deviceId, MqttTestCredentials.PasswordFor(deviceId), deviceId);

    /// <summary>An MQTT 5 client connected to a broker on <paramref name="port"/> with these credentials; throws when refused.</summary>
    public static async Task<IMqttClient> ConnectMqttAsync(int port, string? username, string? password, string? clientId = null)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(MqttOptions(port, username, password, clientId).Build(), TestContext.Current.CancellationToken);
        return client;
    }

    /// <summary>Client options for a broker on loopback (MQTT 5 unless changed).</summary>
    public static MqttClientOptionsBuilder MqttOptions(int port, string? username, string? password, string? clientId = null)
    {
        var builder = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithProtocolVersion(MqttProtocolVersion.V500);
        if (username is not null)
        {
            builder = builder.WithCredentials(username, password);
        }
        if (clientId is not null)
        {
            builder = builder.WithClientId(clientId);
        }
        return builder;
    }

    /// <summary>Publishes at QoS 1: returns with the broker's PUBACK, which follows the device grain's update.</summary>
    public static Task<MqttClientPublishResult> PublishAsync(IMqttClient client, string topic, string payload) =>
        client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(),
            TestContext.Current.CancellationToken);

    /// <summary>
    /// Publishes with Debian's mosquitto_pub (MQTT 5, QoS 1): it exits only after the broker's PUBACK. It signs in as
    /// the device of a native uplink topic (its derived key), or else as the test network server.
    /// </summary>
    public Task<(int ExitCode, string Output)> MosquittoPubAsync(string topic, string payload)
    {
        var parts = topic.Split('/');
        var (username, password) = parts is ["toyama", _, var device, "up"]
            ? (device, MqttTestCredentials.PasswordFor(device))
            : (MqttTestCredentials.NetworkServerUsername, MqttTestCredentials.NetworkServerPassword);
        return MosquittoPubAsync(["-V", "mqttv5", "-q", "1", "-u", username, "-P", password, "-t", topic, "-m", payload]);
    }

    /// <summary>Runs Debian's mosquitto_pub against the embedded broker with these arguments (host, port and <c>-d</c> added).</summary>
    public async Task<(int ExitCode, string Output)> MosquittoPubAsync(string[] arguments)
    {
        var psi = new ProcessStartInfo("mosquitto_pub")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in (string[])["-h", "127.0.0.1", "-p", MqttPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "-d", .. arguments])
        {
            psi.ArgumentList.Add(a);
        }
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("mosquitto_pub did not start; install mosquitto-clients");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var stdout = process.StandardOutput.ReadToEndAsync(cts.Token);
        var stderr = process.StandardError.ReadToEndAsync(cts.Token);
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>
    /// A free loopback port below Linux's ephemeral range (32768–60999), so that no outgoing connection of another
    /// process takes it between this check and the silo binding it; never the same port twice in one run.
    /// </summary>
    public static int FreePort()
    {
        lock (Handed)
        {
            while (true)
            {
                var port = Random.Shared.Next(20_000, 32_000);
                if (!Handed.Add(port))
                {
                    continue;
                }
                try
                {
                    using var listener = new TcpListener(IPAddress.Loopback, port);
                    listener.Start();
                    return port;
                }
                catch (SocketException)
                {
                    // Taken: try another.
                }
            }
        }
    }

    private static readonly HashSet<int> Handed = [];
}

[CollectionDefinition(Name)]
public sealed class TwinAppCollection : ICollectionFixture<TwinAppFixture>
{
    public const string Name = "twin-app";
}
