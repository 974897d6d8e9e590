using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Twin.Cli.Mqtt;

/// <summary>
/// A password in Mosquitto's own password-file format 7 (what <c>mosquitto_passwd</c> of Mosquitto 2.0 writes):
/// <c>$7$ITERATIONS$base64(salt)$base64(PBKDF2-HMAC-SHA512(password, salt, ITERATIONS, 64 bytes))</c>.
/// </summary>
public static class MosquittoPasswordHash
{
    /// <summary>Mosquitto 2.0's own iteration count (<c>PW_DEFAULT_ITERATIONS</c>); it reads any count from the line.</summary>
    public const int DefaultIterations = 101;

    /// <summary>Salt bytes, as <c>mosquitto_passwd</c> makes them.</summary>
    public const int SaltBytes = 12;

    private const int HashBytes = 64;

    /// <summary>The hash of <paramref name="password"/> under a fresh random salt.</summary>
    public static string Hash(string password, int iterations = DefaultIterations) =>
        Hash(password, RandomNumberGenerator.GetBytes(SaltBytes), iterations);

    /// <summary>The hash of <paramref name="password"/> under <paramref name="salt"/> (tests give a fixed salt).</summary>
    public static string Hash(string password, ReadOnlySpan<byte> salt, int iterations = DefaultIterations)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA512, HashBytes);
        return string.Create(CultureInfo.InvariantCulture, $"$7${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    /// <summary>Whether <paramref name="encoded"/> (format 7) is the hash of <paramref name="password"/>; false for any other format.</summary>
    public static bool Verify(string encoded, string password)
    {
        var parts = encoded.Split('$');
        if (parts is not ["", "7", var iterations, var salt, var hash]
            || !int.TryParse(iterations, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
        {
            return false;
        }
        try
        {
            var expected = Convert.FromBase64String(hash);
            var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), Convert.FromBase64String(salt), n, HashAlgorithmName.SHA512, expected.Length);
            return CryptographicOperations.FixedTimeEquals(expected, actual);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
