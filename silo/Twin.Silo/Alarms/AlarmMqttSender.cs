using System.Text.Json;
using MQTTnet;
using MQTTnet.Protocol;
using Twin.Grains.Abstractions.Alarms;
using Twin.Silo.Contracts;
using Twin.Silo.Ingestion;

namespace Twin.Silo.Alarms;

/// <summary>
/// Publishes the alarm JSON retained at QoS 1 on the entry's topic (<c>toyama/alarms/{district}/{type}/{source}</c>), through
/// the silo's own MQTT outbound (the embedded broker or the external broker's client); a normal alarm empties the topic.
/// </summary>
public sealed class AlarmMqttSender(IMqttOutbound outbound) : IAlarmNotificationSender
{
    public NotificationChannel Channel => NotificationChannel.Mqtt;

    public Task SendAsync(OutboxEntry entry, CancellationToken ct) => outbound.PublishAsync(Message(entry), ct);

    /// <summary>The retained message: the alarm's JSON, or an empty payload (which clears the retained message) once it is normal.</summary>
    public static MqttApplicationMessage Message(OutboxEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var alarm = entry.Notice.Alarm;
        var payload = alarm.State == AlarmState.Normal
            ? []
            : JsonSerializer.SerializeToUtf8Bytes(AlarmDto.From(alarm), AlarmWireJson.Options);
        return new MqttApplicationMessageBuilder()
            .WithTopic(entry.Target)
            .WithPayload(payload)
            .WithContentType("application/json")
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag()
            .Build();
    }
}
