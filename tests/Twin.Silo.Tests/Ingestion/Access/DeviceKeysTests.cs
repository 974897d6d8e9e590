using System.Security.Cryptography;
using System.Text;
using Twin.Codecs;

namespace Twin.Silo.Tests.Ingestion.Access;

public sealed class DeviceKeysTests
{
    private const string Secret = "0123456789abcdef0123456789abcdef";

    [Fact]
    public void APasswordIsTheUnpaddedBase64UrlOfTheHmacOfTheDeviceId()
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes("bj-0007"));
        var expected = Convert.ToBase64String(mac).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        Assert.Equal(expected, DeviceKeys.PasswordFor(Secret, "bj-0007"));
        Assert.Equal(43, expected.Length);
    }

    [Fact]
    public void OnlyTheDevicesOwnPasswordVerifies()
    {
        var password = Encoding.UTF8.GetBytes(DeviceKeys.PasswordFor(Secret, "bj-0007"));
        Assert.True(DeviceKeys.Verify(Secret, "bj-0007", password));
        Assert.False(DeviceKeys.Verify(Secret, "bj-0008", password));
        Assert.False(DeviceKeys.Verify(Secret + "x", "bj-0007", password));
        Assert.False(DeviceKeys.Verify(Secret, "bj-0007", password.AsSpan(1)));
        Assert.False(DeviceKeys.Verify(Secret, "bj-0007", []));
    }
}
