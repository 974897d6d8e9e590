namespace Twin.Simulator.Tests;

public sealed class ProgramTests
{
    [Fact]
    public void TheCommandLineSetsTheOptions()
    {
        var o = Program.Parse(["--host", "10.0.0.5", "--port", "1884", "--cadence", "fixed", "--rate", "1000", "--format=mixed",
            "--duration", "60", "--qos", "0", "--connections", "4", "--synthetic", "5000", "--seed", "3", "--count", "10"]);
        Assert.Equal(("10.0.0.5", 1884, Cadence.Fixed, 1000.0, UplinkFormat.Mixed, TimeSpan.FromMinutes(1), 0, 4, 5000, 3UL, 10L),
            (o.Host, o.Port, o.Cadence, o.Rate, o.Format, o.Duration, o.Qos, o.Connections, o.SyntheticDevices, o.Seed, o.Count));
    }

    [Fact]
    public void UnknownOptionsAndBadValuesAreRefused()
    {
        Assert.Throws<ArgumentException>(() => Program.Parse(["--colour", "red"]));
        Assert.Throws<ArgumentException>(() => Program.Parse(["--qos", "2"]));
        Assert.Throws<ArgumentException>(() => Program.Parse(["--cadence", "sometimes"]));
        Assert.Throws<ArgumentException>(() => Program.Parse(["--rate"]));
    }
}
