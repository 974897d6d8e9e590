using Twin.Deploy.Tests.Infrastructure;
using Twin.Durability.Tests.Infrastructure;

namespace Twin.Deploy.Tests;

/// <summary>
/// deploy/docker-compose.yml as Debian's docker-compose (1.29) reads it, with no environment set: no container engine
/// runs here, so <c>config</c> (parse, interpolate, check against the compose schema) is what can be checked.
/// </summary>
public sealed class ComposeFileTests
{
    private static readonly string ComposeFile = Path.Combine(Repository.Root, "deploy", "docker-compose.yml");

    private static Task<ToolResult> ComposeAsync(string file, params string[] args) =>
        Tool.RunAsync("docker-compose", ["-f", file, .. args], Path.GetTempPath(), environment: new Dictionary<string, string>(),
            installHint: "Debian's docker-compose is needed (apt-get install docker-compose); ./test.sh installs it.");

    [Fact]
    public async Task ConfigPassesWithNoEnvironmentSet()
    {
        var result = await ComposeAsync(ComposeFile, "config");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("WARNING", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheStackHasTheDatabaseTheBrokerTwoSilosAndMonitoring()
    {
        var result = await ComposeAsync(ComposeFile, "config", "--services");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(
            ["grafana", "init", "mosquitto", "postgres", "prometheus", "silo-1", "silo-2"],
            result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task TheSilosShareOneClusterAndOneSubscriptionUnderTheirOwnClientIds()
    {
        var result = await ComposeAsync(ComposeFile, "config");
        Assert.True(result.ExitCode == 0, result.ToString());
        var text = result.Output;
        Assert.Contains("Twin__Mqtt__External__ClientId: twin-silo-1", text, StringComparison.Ordinal);
        Assert.Contains("Twin__Mqtt__External__ClientId: twin-silo-2", text, StringComparison.Ordinal);
        // Both silos: one cluster on PostgreSQL, the external broker, the same shared group.
        Assert.Equal(2, Count(text, "Twin__Clustering: Postgres"));
        Assert.Equal(2, Count(text, "Twin__Silo__ClusterId: toyama"));
        Assert.Equal(2, Count(text, "Twin__Mqtt__External__SharedGroup: twin"));
        // Secrets come from files, never as values in the file.
        Assert.DoesNotContain("Password: ", text.Replace("Password_FILE: ", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABrokenComposeFileIsRefused()
    {
        using var dir = new TempFolder("twin-deploy-compose-");
        // A port that is not one, in a copy beside the original's relative paths.
        var broken = File.ReadAllText(ComposeFile).Replace("\"5081:5080\"", "\"port-5081\"", StringComparison.Ordinal);
        Assert.Contains("port-5081", broken, StringComparison.Ordinal);
        var path = Path.Combine(dir.Path, "docker-compose.yml");
        await File.WriteAllTextAsync(path, broken, TestContext.Current.CancellationToken);
        var result = await ComposeAsync(path, "config");
        Assert.True(result.ExitCode != 0, "docker-compose config accepted a broken file:\n" + result);
        Assert.Contains("services.silo-2.ports contains an invalid type", result.Error, StringComparison.Ordinal);
    }

    private static int Count(string text, string what)
    {
        var n = 0;
        for (var i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + what.Length, StringComparison.Ordinal))
        {
            n++;
        }
        return n;
    }
}
