using Twin.Cli.Mqtt;
using Twin.Deploy.Tests.Infrastructure;

namespace Twin.Deploy.Tests.Mqtt;

public sealed class MosquittoPasswordHashTests
{
    [Fact]
    public void AHashHasMosquittosFormatSevenWithTheIterationsSaltAndSixtyFourBytesOfPbkdf2Sha512()
    {
        var salt = Enumerable.Range(1, MosquittoPasswordHash.SaltBytes).Select(i => (byte)i).ToArray();
        var hash = MosquittoPasswordHash.Hash("secret", salt);
        var parts = hash.Split('$');
        Assert.Equal(["", "7", "101", Convert.ToBase64String(salt)], parts[..4]);
        Assert.Equal(64, Convert.FromBase64String(parts[4]).Length);
        Assert.True(MosquittoPasswordHash.Verify(hash, "secret"));
        Assert.False(MosquittoPasswordHash.Verify(hash, "Secret"));
        Assert.False(MosquittoPasswordHash.Verify("$6$abc$def", "secret"));
    }

    [Fact]
    public void EveryHashHasItsOwnSalt() =>
        Assert.NotEqual(MosquittoPasswordHash.Hash("same"), MosquittoPasswordHash.Hash("same"));

    [Fact]
    public async Task AHashMadeByMosquittoPasswdIsReadTheSameWay()
    {
        using var dir = new TempFolder("twin-deploy-passwd-");
        var file = Path.Combine(dir.Path, "passwd");
        await File.WriteAllTextAsync(file, "", TestContext.Current.CancellationToken);
        var made = await Tool.RunAsync("mosquitto_passwd", ["-b", file, "bj-0007", "the password"], dir.Path,
            installHint: "Debian's mosquitto package has mosquitto_passwd; ./test.sh installs it.");
        Assert.True(made.ExitCode == 0, made.ToString());
        var line = File.ReadAllLines(file).Single();
        Assert.StartsWith("bj-0007:$7$", line, StringComparison.Ordinal);
        var hash = line["bj-0007:".Length..];
        Assert.True(MosquittoPasswordHash.Verify(hash, "the password"));
        Assert.False(MosquittoPasswordHash.Verify(hash, "the password "));
    }
}
