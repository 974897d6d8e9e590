namespace Twin.Cli.Mqtt;

/// <summary>
/// An MQTT account that is not a device, as the silo's embedded broker knows it (<c>Twin:Mqtt:Accounts:{i}</c>):
/// <c>network-server</c>, <c>fleet</c> or <c>observer</c> (several comma-separated), with its applications or kinds.
/// </summary>
public sealed record MqttAccount(string Username, string Password, string Role, string? Applications = null, string? Kinds = null)
{
    /// <summary>The role names the account has.</summary>
    public IReadOnlyList<string> Roles => Split(Role);

    /// <summary>Its applications (<c>+</c> for all), for a network server.</summary>
    public IReadOnlyList<string> ApplicationList => Split(Applications).Select(a => a == "*" ? "+" : a).ToList();

    /// <summary>Its device kinds (<c>+</c> for all), for a fleet.</summary>
    public IReadOnlyList<string> KindList => Split(Kinds).Select(k => k == "*" ? "+" : k).ToList();

    private static List<string> Split(string? list) =>
        [.. (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
