using Microsoft.Extensions.Options;
using Twin.Catalog;
using Twin.Codecs;
using Twin.Silo.Ingestion.Access;

namespace Twin.Silo.Extensions;

/// <summary>Checks <c>Twin:Mqtt</c> beyond its annotations: secrets, accounts, TLS and the listeners, each message naming its key.</summary>
public sealed class MqttIngestOptionsValidator(TwinCatalog catalog) : IValidateOptions<MqttIngestOptions>
{
    public ValidateOptionsResult Validate(string? name, MqttIngestOptions options)
    {
        var errors = new List<string>();
        if (!string.IsNullOrEmpty(options.DeviceKeySecret) && !DeviceKeys.IsStrongEnough(options.DeviceKeySecret))
        {
            errors.Add($"Twin:Mqtt:DeviceKeySecret must be at least {DeviceKeys.MinSecretBytes} bytes (e.g. `openssl rand -base64 48`).");
        }
        if (!string.IsNullOrEmpty(options.PreviousDeviceKeySecret) && !DeviceKeys.IsStrongEnough(options.PreviousDeviceKeySecret))
        {
            errors.Add($"Twin:Mqtt:PreviousDeviceKeySecret must be at least {DeviceKeys.MinSecretBytes} bytes.");
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Accounts.Count; i++)
        {
            var account = options.Accounts[i];
            var key = $"Twin:Mqtt:Accounts:{i}";
            if (string.IsNullOrWhiteSpace(account.Username) || string.IsNullOrEmpty(account.Password))
            {
                errors.Add($"{key} needs a Username and a Password.");
                continue;
            }
            if (!names.Add(account.Username))
            {
                errors.Add($"{key}:Username '{account.Username}' is given twice.");
            }
            if (catalog.TryGetDevice(account.Username, out _))
            {
                errors.Add($"{key}:Username '{account.Username}' is a device id; devices sign in with their derived key, not an account.");
            }
            try
            {
                if (MqttAuthenticator.Principal(account).Roles == MqttRoles.None)
                {
                    errors.Add($"{key}:Role is required: network-server, fleet or observer.");
                }
            }
            catch (ArgumentException ex)
            {
                errors.Add($"{key}:Role: {ex.Message}.");
            }
        }
        if (options.Tls.Port > 0 && string.IsNullOrEmpty(options.Tls.CertificatePath))
        {
            errors.Add("Twin:Mqtt:Tls:CertificatePath is required with Twin:Mqtt:Tls:Port.");
        }
        if (options.Tls.Port > 0 && options.AllowPlaintext && options.Tls.Port == options.Port)
        {
            errors.Add($"Twin:Mqtt:Tls:Port and Twin:Mqtt:Port must differ (both are {options.Port}).");
        }
        if (!options.AllowPlaintext && options.Tls.Port == 0 && options.Mode == MqttMode.Embedded)
        {
            errors.Add("Twin:Mqtt:AllowPlaintext=false leaves the embedded broker no listener: set Twin:Mqtt:Tls:Port and CertificatePath.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
