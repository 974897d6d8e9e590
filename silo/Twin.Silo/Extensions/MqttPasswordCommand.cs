using Twin.Codecs;
using Twin.Silo.Ingestion.Access;
using Twin.Storage;

namespace Twin.Silo.Extensions;

/// <summary>
/// <c>Twin.Silo mqtt-password DEVICE_ID… [--Key=value…]</c>: prints each device's MQTT password, derived from the
/// device key secret the silo itself would use (configuration, environment, the secret file, or the one generated
/// beside the SQLite database), so an operator can provision a device. The secret is never printed.
/// </summary>
public static class MqttPasswordCommand
{
    /// <summary>The command's name, the first argument.</summary>
    public const string Name = "mqtt-password";

    /// <summary>Runs the command; returns the process exit code.</summary>
    public static int Run(IConfiguration configuration, IReadOnlyList<string> deviceIds, TextWriter output, TextWriter error)
    {
        if (deviceIds.Count == 0)
        {
            error.WriteLine($"usage: Twin.Silo {Name} DEVICE_ID… [--Twin:Sqlite:Path=…] (the device key secret as the silo finds it)");
            return 2;
        }
        var mqtt = configuration.GetSection("Twin:Mqtt").Get<MqttIngestOptions>() ?? new MqttIngestOptions();
        var storage = TwinStorageOptions.FromConfiguration(configuration);
        if (storage.Storage == TwinStorageKind.Memory && string.IsNullOrEmpty(mqtt.DeviceKeySecret) && string.IsNullOrEmpty(mqtt.DeviceKeySecretFile))
        {
            error.WriteLine("With Twin:Storage=Memory and no Twin:Mqtt:DeviceKeySecret a silo makes a new secret at every start: there is no lasting password to print.");
            return 1;
        }
        DeviceKeySecrets secrets;
        try
        {
            secrets = DeviceKeySecrets.Resolve(mqtt, storage);
        }
        catch (InvalidOperationException ex)
        {
            error.WriteLine(ex.Message);
            return 1;
        }
        foreach (var id in deviceIds)
        {
            output.WriteLine($"{id}\t{DeviceKeys.PasswordFor(secrets.Current, id)}");
        }
        return 0;
    }
}
