using System.Text;

namespace Twin.Storage.Secrets;

/// <summary>
/// Secrets of a single SQLite silo: one file each in a folder beside the database (<c>data/secrets</c>), readable by
/// the silo's user only. A file is created exclusively, so two processes racing on one name keep the first value.
/// </summary>
public sealed class FileSecretStore(string directory) : ISecretStore
{
    /// <summary>The folder beside the SQLite database file.</summary>
    public static FileSecretStore Beside(string databasePath) =>
        new(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(databasePath)) ?? ".", "secrets"));

    /// <inheritdoc />
    public async Task<string> GetOrAddAsync(string name, Func<string> create, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(create);
        var path = PathOf(name);
        if (!File.Exists(path))
        {
            EnsureDirectory();
            try
            {
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
                if (!OperatingSystem.IsWindows())
                {
                    options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }
                await using var file = new FileStream(path, options);
                var bytes = Encoding.UTF8.GetBytes(create());
                await file.WriteAsync(bytes, ct).ConfigureAwait(false);
                await file.FlushAsync(ct).ConfigureAwait(false);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process wrote it first: use theirs.
            }
        }
        return (await File.ReadAllTextAsync(path, ct).ConfigureAwait(false)).Trim();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<KeyValuePair<string, string>>> ListAsync(string prefix, CancellationToken ct = default)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }
        var filePrefix = FileNameOf(prefix);
        var result = new List<KeyValuePair<string, string>>();
        foreach (var file in new DirectoryInfo(directory).GetFiles(filePrefix + "*").OrderBy(f => f.CreationTimeUtc).ThenBy(f => f.Name, StringComparer.Ordinal))
        {
            result.Add(KeyValuePair.Create(Uri.UnescapeDataString(file.Name), (await File.ReadAllTextAsync(file.FullName, ct).ConfigureAwait(false)).Trim()));
        }
        return result;
    }

    private void EnsureDirectory()
    {
        if (!Directory.Exists(directory))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }
    }

    private string PathOf(string name) => Path.Combine(directory, FileNameOf(name));

    // Names are ours ("jwt-signing-key", "data-protection:key-…"); escaping keeps any of them a plain file name.
    private static string FileNameOf(string name) => Uri.EscapeDataString(name);
}
