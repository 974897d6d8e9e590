
namespace Twin.Deploy.Tests.Infrastructure;

/// <summary>
/// The Kubernetes schema check: validate-k8s.mjs on Node.js with the npm packages kubernetes-models (the API
/// schemas, one model per apiVersion/kind) and yaml, installed once from the npm registry into a folder under the
/// temp directory keyed by their versions.
/// </summary>
public static class KubernetesValidator
{
    /// <summary>The pinned versions (kubernetes-models 5.1 carries the schemas of Kubernetes 1.33).</summary>
    public const string KubernetesModels = "kubernetes-models@5.1.0", Yaml = "yaml@2.9.1";

    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    /// <summary>Validates <paramref name="files"/>; the result's exit code is 0 when every document is valid.</summary>
    public static async Task<ToolResult> ValidateAsync(IEnumerable<string> files)
    {
        var folder = await InstallAsync();
        var script = Path.Combine(folder, "validate-k8s.mjs");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "validate-k8s.mjs"), script, overwrite: true);
        return await Tool.RunAsync("node", [script, .. files], folder, timeout: TimeSpan.FromMinutes(2),
            installHint: "Node.js is needed (Debian: apt-get install nodejs npm).");
    }

    private static async Task<string> InstallAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "twin-deploy-tests", $"{KubernetesModels}-{Yaml}".Replace('@', '-'));
        await InstallLock.WaitAsync();
        try
        {
            if (File.Exists(Path.Combine(folder, "node_modules", "kubernetes-models", "package.json"))
                && File.Exists(Path.Combine(folder, "node_modules", "yaml", "package.json")))
            {
                return folder;
            }
            Directory.CreateDirectory(folder);
            await File.WriteAllTextAsync(Path.Combine(folder, "package.json"), """{ "name": "twin-deploy-validation", "private": true, "type": "module" }""");
            var npm = await Tool.RunAsync("npm", ["install", "--no-audit", "--no-fund", "--no-save", KubernetesModels, Yaml], folder,
                timeout: TimeSpan.FromMinutes(5), installHint: "npm is needed (Debian: apt-get install npm).");
            Assert.True(npm.ExitCode == 0, $"npm install {KubernetesModels} {Yaml} failed:\n{npm}");
            return folder;
        }
        finally
        {
            InstallLock.Release();
        }
    }
}
