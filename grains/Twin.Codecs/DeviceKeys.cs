using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Twin.Codecs;

/// <summary>
/// A device's MQTT password, derived from the twin's device key secret so that no per-device password is stored:
/// base64url (no padding) of HMAC-SHA256 keyed with the UTF-8 bytes of the secret over the UTF-8 device id.
/// </summary>
public static class DeviceKeys
{
    /// <summary>Fewest bytes (UTF-8) a device key secret may have.</summary>
    public const int MinSecretBytes = 32;

    /// <summary>The password of <paramref name="deviceId"/> under <paramref name="secret"/>.</summary>
    public static string PasswordFor(string secret, string deviceId)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(deviceId);
        return Base64Url.EncodeToString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(deviceId)));
    }

    /// <summary>Whether <paramref name="password"/> (UTF-8 bytes) is the device's password under <paramref name="secret"/>, compared in constant time.</summary>
    public static bool Verify(string secret, string deviceId, ReadOnlySpan<byte> password)
    {
        Span<byte> expected = stackalloc byte[43]; // base64url of 32 bytes, unpadded
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(deviceId));
        Base64Url.EncodeToUtf8(mac, expected);
        // Every device password has the same length, so the length gives nothing away; the bytes are compared in constant time.
        return password.Length == expected.Length && CryptographicOperations.FixedTimeEquals(expected, password);
    }

    /// <summary>A new random secret (256 bits, base64url), for a generated device key secret or an internal account.</summary>
    public static string NewSecret() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>Whether a configured secret is long enough.</summary>
    public static bool IsStrongEnough(string? secret) => secret is not null && Encoding.UTF8.GetByteCount(secret) >= MinSecretBytes;
}
