using System.Globalization;
using Twin.Codecs;

namespace Twin.Cli.Mqtt;

/// <summary>
/// What <c>mqtt passwd</c> takes from the environment, under the silo's own setting names (<c>__</c> for <c>:</c>):
/// the device key secret, the silos' broker account and the other accounts. Each secret may instead come from a file
/// named by <c>…File</c> (a mounted secret); never from the command line.
/// </summary>
public sealed record MqttSecretsInput(string DeviceKeySecret, MqttAccount Silos, IReadOnlyList<MqttAccount> Accounts)
{
    /// <summary>The silos' broker user name when <c>Twin__Mqtt__External__Username</c> is not set.</summary>
    public const string DefaultSiloUsername = "twin-silo";

    /// <summary>Reads the inputs; throws <see cref="ArgumentException"/> naming the missing or bad setting.</summary>
    public static MqttSecretsInput FromEnvironment(Func<string, string?> env)
    {
        var secret = Secret(env, "Twin__Mqtt__DeviceKeySecret")
            ?? throw new ArgumentException("Give the device key secret by environment: Twin__Mqtt__DeviceKeySecret, or Twin__Mqtt__DeviceKeySecretFile naming a file that holds it.");
        if (!DeviceKeys.IsStrongEnough(secret))
        {
            throw new ArgumentException($"The device key secret is shorter than {DeviceKeys.MinSecretBytes} bytes.");
        }
        var siloPassword = Secret(env, "Twin__Mqtt__External__Password")
            ?? throw new ArgumentException("Give the silos' broker password by environment: Twin__Mqtt__External__Password, or Twin__Mqtt__External__PasswordFile.");
        var silos = new MqttAccount(NonEmpty(env("Twin__Mqtt__External__Username")) ?? DefaultSiloUsername, siloPassword, "silos");

        var accounts = new List<MqttAccount>();
        for (var i = 0; ; i++)
        {
            var prefix = string.Create(CultureInfo.InvariantCulture, $"Twin__Mqtt__Accounts__{i}__");
            if (NonEmpty(env(prefix + "Username")) is not { } username)
            {
                break;
            }
            accounts.Add(new MqttAccount(
                username,
                Secret(env, prefix + "Password") ?? throw new ArgumentException($"{prefix}Password (or {prefix}PasswordFile) is missing for the account '{username}'."),
                NonEmpty(env(prefix + "Role")) ?? throw new ArgumentException($"{prefix}Role is missing for the account '{username}'."),
                NonEmpty(env(prefix + "Applications")),
                NonEmpty(env(prefix + "Kinds"))));
        }
        return new MqttSecretsInput(secret, silos, accounts);
    }

    /// <summary>The value of <paramref name="name"/>, or the first line of the file <c>{name}File</c> names.</summary>
    private static string? Secret(Func<string, string?> env, string name)
    {
        if (NonEmpty(env(name)) is { } value)
        {
            return value;
        }
        if (NonEmpty(env(name + "File")) is not { } path)
        {
            return null;
        }
        if (!File.Exists(path))
        {
            throw new ArgumentException($"{name}File names no file: {path}");
        }
        return NonEmpty(File.ReadLines(path).FirstOrDefault()?.Trim()) ?? throw new ArgumentException($"The file {path} ({name}File) is empty.");
    }

    private static string? NonEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
