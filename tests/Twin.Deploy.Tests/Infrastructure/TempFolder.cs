namespace Twin.Deploy.Tests.Infrastructure;

/// <summary>A folder of the test's own under the temp directory, deleted with everything in it on dispose.</summary>
public sealed class TempFolder(string prefix) : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory(prefix);

    public string Path => _dir.FullName;

    /// <summary>A path in the folder.</summary>
    public string File(string name) => System.IO.Path.Combine(_dir.FullName, name);

    public void Dispose() => _dir.Delete(recursive: true);
}
