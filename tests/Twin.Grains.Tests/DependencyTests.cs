using System.Reflection;
using Twin.Grains.Devices;

namespace Twin.Grains.Tests;

/// <summary>The grains see storage only through Orleans and the abstractions: no database driver, no storage project.</summary>
public sealed class DependencyTests
{
    [Fact]
    public void NothingTheGrainsReferenceReachesADatabaseDriverOrTheStorage()
    {
        // Every assembly reachable from the grains' references, as `dotnet list … --include-transitive` would list.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<AssemblyName>(typeof(DeviceGrain).Assembly.GetReferencedAssemblies());
        while (queue.TryDequeue(out var name))
        {
            if (!seen.Add(name.Name!) || name.Name!.StartsWith("System", StringComparison.Ordinal) || name.Name is "mscorlib" or "netstandard")
            {
                continue;
            }
            foreach (var next in Assembly.Load(name).GetReferencedAssemblies())
            {
                queue.Enqueue(next);
            }
        }
        Assert.Contains("Twin.Grains.Abstractions", seen);
        Assert.Contains("Orleans.Runtime", seen);
        Assert.DoesNotContain(seen, name =>
            name.StartsWith("Npgsql", StringComparison.Ordinal)
            || name.Contains("Sqlite", StringComparison.OrdinalIgnoreCase)
            || name.Contains("AdoNet", StringComparison.Ordinal)
            || name == "Twin.Storage");
    }
}
