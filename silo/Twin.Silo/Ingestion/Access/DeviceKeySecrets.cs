using System.Text;
using Twin.Codecs;
using Twin.Silo.Extensions;
using Twin.Storage;

namespace Twin.Silo.Ingestion.Access;

/// <summary>
/// The device key secret (and the previous one during a rotation): from <c>Twin:Mqtt:DeviceKeySecret</c> (by
/// environment variable), from <c>Twin:Mqtt:DeviceKeySecretFile</c>, or — for a single SQLite silo — generated once
/// and kept in <see cref="FileName"/> beside the database. With PostgreSQL the silos must share it, so it has to be
/// configured; with memory storage a generated one lasts as long as the process.
/// </summary>
public sealed class DeviceKeySecrets
{
    /// <summary>The generated secret's file name, in the SQLite database's folder.</summary>
    public const string FileName = "mqtt-device-key.secret";

    private DeviceKeySecrets(string current, string? previous, string source)
    {
        Current = current;
        Previous = previous;
        Source = source;
    }

    /// <summary>The secret device passwords are derived from.</summary>
    public string Current { get; }

    /// <summary>The secret before the last rotation, still accepted; null when none.</summary>
    public string? Previous { get; }

    /// <summary>Where <see cref="Current"/> came from, for the start-up log (never the secret).</summary>
    public string Source { get; }

    /// <summary>Finds or makes the secret; throws with a message naming the setting when that is impossible.</summary>
    public static DeviceKeySecrets Resolve(MqttIngestOptions mqtt, TwinStorageOptions storage)
    {
        var previous = string.IsNullOrEmpty(mqtt.PreviousDeviceKeySecret) ? null : mqtt.PreviousDeviceKeySecret;
        if (!string.IsNullOrEmpty(mqtt.DeviceKeySecret))
        {
            return new(Checked(mqtt.DeviceKeySecret, "Twin:Mqtt:DeviceKeySecret"), previous, "Twin:Mqtt:DeviceKeySecret");
        }
        if (!string.IsNullOrEmpty(mqtt.DeviceKeySecretFile))
        {
            return new(Checked(ReadSecret(mqtt.DeviceKeySecretFile), "Twin:Mqtt:DeviceKeySecretFile"), previous, mqtt.DeviceKeySecretFile);
        }
        switch (storage.Storage)
        {
            case TwinStorageKind.Sqlite:
                var folder = Path.GetDirectoryName(Path.GetFullPath(storage.Sqlite.Path))!;
                var file = Path.Combine(folder, FileName);
                return new(Checked(ReadOrCreate(folder, file), file), previous, file);
            case TwinStorageKind.Memory:
                return new(DeviceKeys.NewSecret(), previous, "generated for this process (memory storage): device passwords change at every start");
            default:
                throw new InvalidOperationException(
                    "Twin:Mqtt:DeviceKeySecret (or Twin:Mqtt:DeviceKeySecretFile) is required with Twin:Storage=Postgres: every silo must derive " +
                    "the same device passwords. Give at least 32 random bytes, e.g. `openssl rand -base64 48`, by environment variable " +
                    "Twin__Mqtt__DeviceKeySecret or a mounted file.");
        }
    }

    private static string Checked(string secret, string from) => DeviceKeys.IsStrongEnough(secret)
        ? secret
        : throw new InvalidOperationException($"The device key secret from {from} is shorter than {DeviceKeys.MinSecretBytes} bytes.");

    private static string ReadSecret(string path) => File.ReadLines(path).FirstOrDefault()?.Trim() ?? "";

    /// <summary>Reads the generated secret, or writes a new one (readable by this user only) if there is none yet.</summary>
    private static string ReadOrCreate(string folder, string file)
    {
        if (File.Exists(file))
        {
            return ReadSecret(file);
        }
        Directory.CreateDirectory(folder);
        var secret = DeviceKeys.NewSecret();
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }
            using var stream = new FileStream(file, options);
            stream.Write(Encoding.UTF8.GetBytes(secret + "\n"));
            return secret;
        }
        catch (IOException) when (File.Exists(file))
        {
            // Another process made it first: use theirs.
            return ReadSecret(file);
        }
    }
}
