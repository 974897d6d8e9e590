using System.Collections.Frozen;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using MQTTnet.Protocol;
using Twin.Catalog;
using Twin.Codecs;
using Twin.Silo.Extensions;

namespace Twin.Silo.Ingestion.Access;

/// <summary>
/// Who a CONNECT is: a catalog device with its derived key (the current or the previous secret), one of the
/// configured accounts, the silo's own simulator, or — in the lab only, from loopback — an anonymous tester.
/// Passwords are compared in constant time; revoked devices are read from the live configuration.
/// </summary>
public sealed class MqttAuthenticator
{
    /// <summary>Refusal labels.</summary>
    public const string NoCredentials = "no-credentials", BadCredentials = "bad-credentials", Revoked = "revoked",
        ClientIdMismatch = "client-id-mismatch", Throttled = "throttled";

    private readonly TwinCatalog _catalog;
    private readonly DeviceKeySecrets _secrets;
    private readonly IOptionsMonitor<MqttIngestOptions> _options;
    private readonly FrozenDictionary<string, (byte[] PasswordHash, MqttPrincipal Principal)> _accounts;
    private volatile FrozenSet<string> _revoked;

    public MqttAuthenticator(TwinCatalog catalog, DeviceKeySecrets secrets, IOptionsMonitor<MqttIngestOptions> options, IEnumerable<InternalMqttAccount> internalAccounts)
    {
        _catalog = catalog;
        _secrets = secrets;
        _options = options;
        var accounts = options.CurrentValue.Accounts.Select(a => (a.Username, a.Password, Principal: Principal(a)))
            .Concat(internalAccounts.Select(a => (a.Username, a.Password, a.Principal)));
        _accounts = accounts.ToFrozenDictionary(a => a.Username, a => (Hash(a.Password), a.Principal), StringComparer.Ordinal);
        _revoked = options.CurrentValue.RevokedDevices.ToFrozenSet(StringComparer.Ordinal);
        options.OnChange(o => _revoked = o.RevokedDevices.ToFrozenSet(StringComparer.Ordinal));
    }

    /// <summary>Whether a device is revoked now.</summary>
    public bool IsRevoked(string deviceId) => _revoked.Contains(deviceId);

    /// <summary>Checks a CONNECT's credentials; <paramref name="clientIdAssigned"/> when the client sent an empty id.</summary>
    public ConnectVerdict Authenticate(string? username, ReadOnlySpan<byte> password, string? clientId, bool clientIdAssigned, IPAddress? remote)
    {
        if (string.IsNullOrEmpty(username))
        {
            if (password.IsEmpty && _options.CurrentValue.Lab.AnonymousTestTopics && remote is not null && IPAddress.IsLoopback(remote))
            {
                return Account(new MqttPrincipal("anonymous", MqttRoles.LabAnonymous), clientId);
            }
            return ConnectVerdict.Refuse(MqttConnectReasonCode.NotAuthorized, NoCredentials);
        }
        if (_accounts.TryGetValue(username, out var account))
        {
            return CryptographicOperations.FixedTimeEquals(account.PasswordHash, SHA256.HashData(password))
                ? Account(account.Principal, clientId)
                : ConnectVerdict.Refuse(MqttConnectReasonCode.BadUserNameOrPassword, BadCredentials);
        }
        var known = _catalog.TryGetDevice(username, out _);
        // The key is checked even for an unknown id, so that the answer takes as long either way.
        var keyOk = DeviceKeys.Verify(_secrets.Current, username, password)
            || (_secrets.Previous is { } previous && DeviceKeys.Verify(previous, username, password));
        if (!known || !keyOk)
        {
            return ConnectVerdict.Refuse(MqttConnectReasonCode.BadUserNameOrPassword, BadCredentials);
        }
        if (IsRevoked(username))
        {
            return ConnectVerdict.Refuse(MqttConnectReasonCode.NotAuthorized, Revoked);
        }
        if (!clientIdAssigned && !string.IsNullOrEmpty(clientId) && clientId != username)
        {
            return ConnectVerdict.Refuse(MqttConnectReasonCode.ClientIdentifierNotValid, ClientIdMismatch);
        }
        return ConnectVerdict.Accept(MqttPrincipal.Device(username));
    }

    /// <summary>An account other than a device, which may not take a device's id as its client id (and with it the device's session).</summary>
    private ConnectVerdict Account(MqttPrincipal principal, string? clientId) =>
        !string.IsNullOrEmpty(clientId) && _catalog.TryGetDevice(clientId, out _)
            ? ConnectVerdict.Refuse(MqttConnectReasonCode.ClientIdentifierNotValid, ClientIdMismatch)
            : ConnectVerdict.Accept(principal);

    /// <summary>The principal of a configured account (its roles, applications and kinds).</summary>
    public static MqttPrincipal Principal(MqttAccountOptions account)
    {
        var roles = MqttRoles.None;
        foreach (var role in List(account.Role) ?? [])
        {
            roles |= role switch
            {
                "network-server" => MqttRoles.NetworkServer,
                "fleet" => MqttRoles.Fleet,
                "observer" => MqttRoles.Observer,
                _ => throw new ArgumentException($"unknown MQTT role '{role}' (network-server, fleet or observer)"),
            };
        }
        return new MqttPrincipal(account.Username, roles, List(account.Applications), List(account.Kinds));
    }

    /// <summary>A comma-separated list as a set; null for <c>*</c> (everything), empty for nothing.</summary>
    private static FrozenSet<string>? List(string? text)
    {
        var items = (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return items.Contains("*") ? null : items.ToFrozenSet(StringComparer.Ordinal);
    }

    private static byte[] Hash(string password) => SHA256.HashData(Encoding.UTF8.GetBytes(password));
}
