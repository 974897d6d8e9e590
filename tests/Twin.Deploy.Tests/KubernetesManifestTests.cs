using Twin.Deploy.Tests.Infrastructure;
using Twin.Durability.Tests.Infrastructure;

namespace Twin.Deploy.Tests;

/// <summary>deploy/k8s against the Kubernetes API schemas (kubernetes-models, offline; no cluster here).</summary>
public sealed class KubernetesManifestTests
{
    private static readonly string Folder = Path.Combine(Repository.Root, "deploy", "k8s");

    private static string[] Manifests() => Directory.GetFiles(Folder, "*.yaml").Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public async Task EveryManifestIsValidAgainstTheKubernetesSchemas()
    {
        var result = await KubernetesValidator.ValidateAsync(Manifests());
        Assert.True(result.ExitCode == 0, result.ToString());
        foreach (var expected in new[] { "StatefulSet/twin-silo", "PodDisruptionBudget/twin-silo", "Service/twin-silo", "Service/twin-silo-cluster",
                     "ConfigMap/twin-silo-config", "StatefulSet/mosquitto", "Service/mosquitto", "Namespace/toyama-twin" })
        {
            Assert.Contains($" {expected}\n", result.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AManifestWithAWrongTypeIsRefused()
    {
        using var dir = new TempFolder("twin-deploy-k8s-");
        var text = File.ReadAllText(Path.Combine(Folder, "silo.yaml"));
        var broken = text.Replace("containerPort: 5080", "containerPort: http", StringComparison.Ordinal);
        Assert.NotEqual(text, broken);
        var path = Path.Combine(dir.Path, "silo.yaml");
        await File.WriteAllTextAsync(path, broken, TestContext.Current.CancellationToken);
        var result = await KubernetesValidator.ValidateAsync([path]);
        Assert.True(result.ExitCode != 0, "a containerPort that is not a number passed:\n" + result);
        Assert.Contains("containerPort must be integer", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownKindIsRefused()
    {
        using var dir = new TempFolder("twin-deploy-k8s-");
        var path = Path.Combine(dir.Path, "pdb.yaml");
        await File.WriteAllTextAsync(path, "apiVersion: policy/v1\nkind: PodDisruptionBudgett\nmetadata:\n  name: x\n", TestContext.Current.CancellationToken);
        var result = await KubernetesValidator.ValidateAsync([path]);
        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Contains("unknown apiVersion/kind policy/v1 PodDisruptionBudgett", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSilosProbesClientIdsAndSecretsAreTheOnesTheTwinExpects()
    {
        var silo = File.ReadAllText(Path.Combine(Folder, "silo.yaml"));
        // Liveness on /health/live, readiness on /health (deploy/README.md "Health probes").
        Assert.Matches(@"livenessProbe:\s+httpGet:\s+path: /health/live", silo);
        Assert.Matches(@"readinessProbe:\s+httpGet:\s+path: /health\s", silo);
        // The MQTT client id from the StatefulSet's stable pod name; the advertised address from the pod IP.
        Assert.Matches(@"name: Twin__Mqtt__External__ClientId\s+value: twin-\$\(POD_NAME\)", silo);
        Assert.Matches(@"name: Twin__Silo__AdvertisedAddress\s+value: \$\(POD_IP\)", silo);
        // Every password from a Secret, none written in a manifest.
        Assert.Matches(@"name: ConnectionStrings__Twin\s+valueFrom:\s+secretKeyRef:", silo);
        Assert.Matches(@"name: Twin__Mqtt__External__Password\s+valueFrom:\s+secretKeyRef:", silo);
        Assert.DoesNotMatch(@"Password\s+value:", silo);
        Assert.Contains("kind: PodDisruptionBudget", silo, StringComparison.Ordinal);
    }
}
