using Twin.Codecs;

namespace Twin.Tests.Shared;

/// <summary>
/// The MQTT credentials every test silo is given (a fixed test device key secret and one test account per role), and
/// the device passwords derived from them. Linked into each test project that talks MQTT to a silo; test values only.
/// </summary>
public static class MqttTestCredentials
{
    /// <summary>The test silos' device key secret (not a secret: it is in the repository).</summary>
    public const string DeviceKeySecret = "test-only-device-key-secret-of-the-twin-test-suites";

    /// <summary>An account with every role but a device's (fleet, network server and observer, all kinds and applications), for tests that publish for many devices.</summary>
    public const string AllRolesUsername = "test-all-roles", AllRolesPassword = "test-all-roles-password";

    /// <summary>A fleet account for every kind.</summary>
    public const string FleetUsername = "test-fleet", FleetPassword = "test-fleet-password";

    /// <summary>A network server for every application.</summary>
    public const string NetworkServerUsername = "test-network-server", NetworkServerPassword = "test-network-server-password";

    /// <summary>An observer (alarms and dead letters).</summary>
    public const string ObserverUsername = "test-observer", ObserverPassword = "test-observer-password";

    /// <summary>A device's MQTT password under the test secret.</summary>
    public static string PasswordFor(string deviceId) => DeviceKeys.PasswordFor(DeviceKeySecret, deviceId);

    /// <summary>The silo settings (configuration keys) that give it the test secret and accounts; pass them by configuration or environment, never a command line.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> SiloSettings { get; } =
    [
        new("Twin:Mqtt:DeviceKeySecret", DeviceKeySecret),
        .. Account(0, AllRolesUsername, AllRolesPassword, "fleet,network-server,observer"),
        .. Account(1, FleetUsername, FleetPassword, "fleet"),
        .. Account(2, NetworkServerUsername, NetworkServerPassword, "network-server"),
        .. Account(3, ObserverUsername, ObserverPassword, "observer"),
    ];

    /// <summary>The same settings as environment variables (<c>__</c> for <c>:</c>).</summary>
    public static IEnumerable<KeyValuePair<string, string>> EnvironmentVariables =>
        SiloSettings.Select(s => new KeyValuePair<string, string>(s.Key.Replace(":", "__", StringComparison.Ordinal), s.Value));

    private static KeyValuePair<string, string>[] Account(int i, string username, string password, string role) =>
    [
        new($"Twin:Mqtt:Accounts:{i}:Username", username),
        new($"Twin:Mqtt:Accounts:{i}:Password", password),
        new($"Twin:Mqtt:Accounts:{i}:Role", role),
        new($"Twin:Mqtt:Accounts:{i}:Kinds", "*"),
        new($"Twin:Mqtt:Accounts:{i}:Applications", "*"),
    ];
}
