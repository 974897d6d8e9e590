using Twin.Silo.Ingestion.Transport;

namespace Twin.Silo.Tests.Ingestion.Transport;

public sealed class PacketSizeGuardStreamTests
{
    /// <summary>An MQTT packet: a fixed header byte, the remaining length as a variable byte integer, the body.</summary>
    private static byte[] Packet(int bodyLength)
    {
        var bytes = new List<byte> { 0x30 };
        var x = bodyLength;
        do
        {
            var b = (byte)(x % 128);
            x /= 128;
            bytes.Add(x > 0 ? (byte)(b | 0x80) : b);
        }
        while (x > 0);
        bytes.AddRange(new byte[bodyLength]);
        return [.. bytes];
    }

    private static async Task<int> ReadAllAsync(Stream stream, int chunk)
    {
        var buffer = new byte[chunk];
        var total = 0;
        int n;
        while ((n = await stream.ReadAsync(buffer, TestContext.Current.CancellationToken)) > 0)
        {
            total += n;
        }
        return total;
    }

    [Fact]
    public async Task PacketsUpToTheLimitPassInAnyChunking()
    {
        byte[] wire = [.. Packet(0), .. Packet(10), .. Packet(1021), .. Packet(200)];
        foreach (var chunk in new[] { 1, 3, 7, 4096 })
        {
            var tooLarge = 0;
            await using var guard = new PacketSizeGuardStream(new MemoryStream(wire), 1024, () => tooLarge++);
            Assert.Equal(wire.Length, await ReadAllAsync(guard, chunk));
            Assert.Equal(0, tooLarge);
        }
    }

    [Fact]
    public async Task APacketOverTheLimitFailsTheReadAtItsHeader()
    {
        byte[] wire = [.. Packet(10), .. Packet(300_000)];
        var tooLarge = 0;
        await using var guard = new PacketSizeGuardStream(new MemoryStream(wire), 1024, () => tooLarge++);
        await Assert.ThrowsAsync<IOException>(() => ReadAllAsync(guard, 5));
        Assert.Equal(1, tooLarge);
    }
}
