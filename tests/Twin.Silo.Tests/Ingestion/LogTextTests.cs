using Twin.Silo.Ingestion;

namespace Twin.Silo.Tests.Ingestion;

public sealed class LogTextTests
{
    [Theory]
    [InlineData("rg-jinzu-07", "rg-jinzu-07")]
    [InlineData("富山駅-people-01", "富山駅-people-01")]
    [InlineData("a\nb", @"a\nb")]
    [InlineData("a\r\n2026-12-01 ERROR forged", @"a\r\n2026-12-01 ERROR forged")]
    [InlineData("tab\there", @"tab\there")]
    [InlineData("nul\u0000", @"nul\u0000")]
    [InlineData("\u001b[31mred", @"\u001b[31mred")]
    [InlineData("del\u007f c1\u0085", @"del\u007f c1\u0085")]
    [InlineData("line\u2028para\u2029", @"line\u2028para\u2029")]
    [InlineData("\u202egnp.exe", @"\u202egnp.exe")]
    [InlineData("iso\u2066late\u2069", @"iso\u2066late\u2069")]
    [InlineData("pair 😀 kept", "pair 😀 kept")]
    public void ControlCharactersAreEscapedAndOtherTextKept(string text, string expected)
    {
        Assert.Equal(expected, LogText.Safe(text));
        Assert.False(LogText.HasUnsafe(LogText.Safe(text)));
        Assert.Equal(text != expected, LogText.HasUnsafe(text));
    }

    [Fact]
    public void ALoneSurrogateIsEscaped()
    {
        // Not in [InlineData]: attribute strings are stored as UTF-8, which cannot hold half a pair.
        Assert.Equal(@"lone\ud800 high", LogText.Safe("lone\ud800 high"));
        Assert.Equal(@"lone\udc00 low", LogText.Safe("lone\udc00 low"));
        Assert.Equal(@"end\ud83d", LogText.Safe("end\ud83d"));
        Assert.True(LogText.HasUnsafe("\ud800"));
    }

    [Fact]
    public void TheResultIsBoundedWithoutSplittingAnEscapeOrAPair()
    {
        Assert.Equal(new string('x', 63) + "…", LogText.Safe(new string('x', 500)));
        Assert.Equal(new string('x', 64), LogText.Safe(new string('x', 64)));
        Assert.Equal("abcdefgh\\n", LogText.Safe("abcdefgh\n", 10));
        Assert.Equal("abcdefgh…", LogText.Safe("abcdefgh\n!", 10));
        Assert.Equal("abcdefgh…", LogText.Safe("abcdefgh😀!", 10));
        Assert.Equal("", LogText.Safe(null));
        foreach (var max in Enumerable.Range(1, 30))
        {
            Assert.InRange(LogText.Safe("\u0000\n😀富山\u202e" + new string('y', 40), max).Length, 1, max);
        }
    }
}
