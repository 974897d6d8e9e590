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
    public void SecretsComeFromTheEnvironmentOrFilesNeverTheCommandLine()
    {
        var environment = new Dictionary<string, string> { ["TWIN_MQTT_PASSWORD"] = "fleet-pass", ["TWIN_MQTT_DEVICE_KEY_SECRET"] = "device-secret" };
        var o = Program.Parse(["--username", "gateway-7", "--per-device"], environment.GetValueOrDefault);
        Assert.Equal(("gateway-7", "fleet-pass", true, "device-secret"), (o.Username, o.Password, o.PerDevice, o.DeviceKeySecret));

        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "from-a-file\n");
            Assert.Equal("from-a-file", Program.Parse(["--password-file", file]).Password);
            Assert.Equal("from-a-file", Program.Parse(["--per-device", "--device-key-secret-file", file]).DeviceKeySecret);
        }
        finally
        {
            File.Delete(file);
        }
        Assert.Throws<ArgumentException>(() => Program.Parse(["--password", "on-the-command-line"]));
        Assert.Throws<ArgumentException>(() => Program.Parse(["--per-device"]));
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
