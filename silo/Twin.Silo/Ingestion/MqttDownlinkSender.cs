using System.Globalization;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Protocol;
using Twin.Codecs;
using Twin.Grains.Abstractions;
using Twin.Grains.Devices;

namespace Twin.Silo.Ingestion;

/// <summary>
/// Sends lamp commands back the way the device's uplinks came: native <c>toyama/{kind}/{id}/down</c> JSON, or the
/// network server's downlink topic and JSON (The Things Stack push, ChirpStack command) with our binary command
/// on fPort 10.
/// </summary>
public sealed class MqttDownlinkSender(IMqttOutbound outbound) : IDownlinkSender
{
    public Task SendLampAsync(LampCommand command, DateTimeOffset now)
    {
        var (topic, payload) = Build(command, now);
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        return outbound.PublishAsync(message);
    }

    /// <summary>The downlink's topic and JSON for the device's uplink path.</summary>
    public static (string Topic, byte[] Payload) Build(LampCommand command, DateTimeOffset now)
    {
        var device = command.Device;
        var frame = Convert.ToBase64String(TwinCodec.LampCommand(command.On));
        var source = command.UplinkTopic;
        switch (source is null ? null : LoRaWanDecoder.FormatOf(source))
        {
            case UplinkFormat.TheThingsStack:
                return (source![..^"/up".Length] + "/down/push", JsonSerializer.SerializeToUtf8Bytes(new
                {
                    downlinks = new[] { new { f_port = TwinCodec.DownlinkPort, frm_payload = frame, priority = "HIGH" } },
                }));
            case UplinkFormat.ChirpStack:
                return (source![..^"/event/up".Length] + "/command/down", JsonSerializer.SerializeToUtf8Bytes(new
                {
                    devEui = device.DevEui.ToLowerInvariant(),
                    confirmed = true,
                    fPort = TwinCodec.DownlinkPort,
                    data = frame,
                }));
            default:
                return ($"toyama/{device.Kind.ToWire()}/{device.Id}/down", JsonSerializer.SerializeToUtf8Bytes(new
                {
                    ts = now.ToString("O", CultureInfo.InvariantCulture),
                    command = "lamp",
                    state = command.On ? "on" : "off",
                    reason = command.Reason,
                }));
        }
    }
}
