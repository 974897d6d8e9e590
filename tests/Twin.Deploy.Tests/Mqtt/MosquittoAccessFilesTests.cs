using Twin.Cli.Mqtt;
using Twin.Deploy.Tests.Infrastructure;

namespace Twin.Deploy.Tests.Mqtt;

public sealed class MosquittoAccessFilesTests
{
    private static readonly MqttAccount Silos = new("twin-silo", "silo-pw", "silos");

    private static MosquittoAccessFiles Build(IReadOnlyList<MqttAccount> accounts, string? deadLetter = null) =>
        MosquittoAccessFiles.Build(["rg-1", "bj-2"], id => "pw-" + id, Silos, "twin", accounts, deadLetter, hash: p => "H(" + p + ")");

    [Fact]
    public void EveryDeviceTheSilosAndEachAccountHaveAPasswordLine()
    {
        var files = Build([new MqttAccount("tts", "tts-pw", "network-server", Applications: "*")]);
        Assert.Equal("rg-1:H(pw-rg-1)\nbj-2:H(pw-bj-2)\ntwin-silo:H(silo-pw)\ntts:H(tts-pw)\n", files.PasswordFile);
        Assert.Equal(2, files.DeviceCount);
    }

    [Fact]
    public void DevicesMayWriteOnlyTheirOwnUplinkAndReadOnlyTheirOwnDownlink()
    {
        var acl = Build([]).AclFile;
        Assert.Contains("pattern write toyama/+/%u/up\n", acl, StringComparison.Ordinal);
        Assert.Contains("pattern read toyama/+/%u/down\n", acl, StringComparison.Ordinal);
        // No rule lets anyone but the silos read uplinks.
        var rules = acl.Split('\n').Where(l => l.StartsWith("topic read", StringComparison.Ordinal) && l.EndsWith("/up", StringComparison.Ordinal));
        Assert.All(rules, r => Assert.True(SectionOf(acl, r) == "twin-silo", $"'{r}' is outside the silos' section"));
    }

    [Fact]
    public void TheSilosReadUplinksThroughTheirSharedGroupAndAloneWriteDownlinksAlarmsAndDeadLetters()
    {
        var acl = Build([new MqttAccount("ops", "ops-pw", "observer")], deadLetter: "toyama/dead-letter").AclFile;
        Assert.Contains("user twin-silo\ntopic read toyama/+/+/up\ntopic read $share/twin/toyama/+/+/up\n", acl, StringComparison.Ordinal);
        Assert.Contains("topic read $share/twin/v3/+/devices/+/up\n", acl, StringComparison.Ordinal);
        Assert.Contains("topic read $share/twin/application/+/device/+/event/up\n", acl, StringComparison.Ordinal);
        foreach (var written in new[] { "toyama/+/+/down", "v3/+/devices/+/down/push", "application/+/device/+/command/down", "toyama/dead-letter" })
        {
            Assert.Contains($"topic write {written}\n", acl, StringComparison.Ordinal);
            Assert.Equal("twin-silo", SectionOf(acl, $"topic write {written}"));
        }
        Assert.Contains("user ops\ntopic read toyama/alarms/#\ntopic read toyama/dead-letter\n", acl, StringComparison.Ordinal);
    }

    [Fact]
    public void ANetworkServerGetsTheLoRaWanTopicsOfItsApplicationsAndAFleetTheNativeUplinksOfItsKinds()
    {
        var acl = Build(
        [
            new MqttAccount("tts", "tts-pw", "network-server", Applications: "toyama-water@toyama, pumps"),
            new MqttAccount("gw", "gw-pw", "fleet", Kinds: "snow-pump"),
        ]).AclFile;
        Assert.Contains("user tts\ntopic write v3/toyama-water@toyama/devices/+/up\ntopic read v3/toyama-water@toyama/devices/+/down/#\n", acl, StringComparison.Ordinal);
        Assert.Contains("topic write application/pumps/device/+/event/up\ntopic read application/pumps/device/+/command/down\n", acl, StringComparison.Ordinal);
        Assert.Contains("user gw\ntopic write toyama/snow-pump/+/up\n", acl, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a:b", "network-server", "*", "cannot be a Mosquitto user")]
    [InlineData("rg-1", "observer", null, "given twice")]
    [InlineData("tts", "network-server", null, "names no Applications")]
    [InlineData("tts", "network-server", "app/x", "no '+', '#', '/'")]
    [InlineData("tts", "admin", null, "the roles are network-server, fleet and observer")]
    public void ABadAccountIsRefusedWithTheReason(string username, string role, string? applications, string reason)
    {
        var ex = Assert.Throws<ArgumentException>(() => Build([new MqttAccount(username, "pw", role, applications)]));
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSecretsComeFromTheEnvironmentOrFilesItNames()
    {
        using var dir = new TempFolder("twin-deploy-env-");
        var file = Path.Combine(dir.Path, "silo-password");
        File.WriteAllText(file, "from-a-file\n");
        var env = new Dictionary<string, string>
        {
            ["Twin__Mqtt__DeviceKeySecret"] = new string('k', 32),
            ["Twin__Mqtt__External__PasswordFile"] = file,
            ["Twin__Mqtt__Accounts__0__Username"] = "tts",
            ["Twin__Mqtt__Accounts__0__Password"] = "tts-pw",
            ["Twin__Mqtt__Accounts__0__Role"] = "network-server",
            ["Twin__Mqtt__Accounts__0__Applications"] = "*",
        };
        var input = MqttSecretsInput.FromEnvironment(k => env.GetValueOrDefault(k));
        Assert.Equal(new string('k', 32), input.DeviceKeySecret);
        Assert.Equal(new MqttAccount("twin-silo", "from-a-file", "silos"), input.Silos);
        Assert.Equal([new MqttAccount("tts", "tts-pw", "network-server", "*")], input.Accounts);

        env["Twin__Mqtt__DeviceKeySecret"] = "short";
        Assert.Contains("shorter than 32 bytes", Assert.Throws<ArgumentException>(() => MqttSecretsInput.FromEnvironment(k => env.GetValueOrDefault(k))).Message, StringComparison.Ordinal);
        env.Remove("Twin__Mqtt__DeviceKeySecret");
        Assert.Contains("Twin__Mqtt__DeviceKeySecretFile", Assert.Throws<ArgumentException>(() => MqttSecretsInput.FromEnvironment(k => env.GetValueOrDefault(k))).Message, StringComparison.Ordinal);
    }

    /// <summary>The user whose section of the ACL holds <paramref name="line"/> (null before any user line).</summary>
    private static string? SectionOf(string acl, string line)
    {
        string? user = null;
        foreach (var l in acl.Split('\n'))
        {
            if (l.StartsWith("user ", StringComparison.Ordinal))
            {
                user = l[5..];
            }
            if (l == line)
            {
                return user;
            }
        }
        throw new InvalidOperationException($"'{line}' is not in the ACL");
    }
}
