namespace Twin.Grains.Devices;

/// <summary>Sends downlinks. The silo implements it over MQTT; grains only say what to send.</summary>
public interface IDownlinkSender
{
    /// <summary>Sends a lamp command; completes when the broker has taken it.</summary>
    Task SendLampAsync(LampCommand command, DateTimeOffset now);
}
