using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Protocol;
using Twin.Grains.Abstractions.Alarms;
using static Twin.Silo.Tests.Alarms.AlarmSamples;

namespace Twin.Silo.Tests.Alarms;

/// <summary>The whole silo: an alarm written to its store goes out retained on its MQTT topic, and is emptied once normal.</summary>
public sealed class AlarmMqttDeliveryTests(TwinAppFixture app) : IClassFixture<TwinAppFixture>
{
    private const string Topic = "toyama/alarms/chuo/pump-fault/pump-0042";

    [Fact]
    public async Task ASubscriberConnectingAfterThePublishGetsTheRetainedAlarmAndNothingOnceItIsNormal()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = app.Services.GetRequiredService<IAlarmStore>();
        var (early, earlyMessages) = await SubscribeAsync();

        var raised = Raised(PumpFault("01JALARM0042"));
        await store.SaveAsync(raised.Alarm, [Entry("m-1", raised, NotificationChannel.Mqtt, Topic)], ct);
        var live = await NextAsync(earlyMessages);
        // Forwarded live, the retain flag is off (MQTT 3.3.1.9); the broker keeps the message for later subscribers.
        Assert.Equal(Topic, live.Topic);

        var (late, lateMessages) = await SubscribeAsync();
        var retained = await NextAsync(lateMessages);
        Assert.Equal(Topic, retained.Topic);
        Assert.True(retained.Retain);
        Assert.Equal(MqttQualityOfServiceLevel.AtLeastOnce, retained.QualityOfServiceLevel);
        using (var json = JsonDocument.Parse(retained.ConvertPayloadToString()))
        {
            Assert.Equal("01JALARM0042", json.RootElement.GetProperty("id").GetString());
            Assert.Equal("active-unacknowledged", json.RootElement.GetProperty("state").GetString());
            Assert.Equal("消雪ポンプ 故障ランプ点灯", json.RootElement.GetProperty("text").GetProperty("ja").GetString());
        }

        var normal = Notice(raised.Alarm, AlarmAction.Return, AlarmState.Normal, Start.AddMinutes(5));
        await store.SaveAsync(normal.Alarm, [Entry("m-2", normal, NotificationChannel.Mqtt, Topic)], ct);
        var emptied = await NextAsync(earlyMessages);
        Assert.Equal(Topic, emptied.Topic);
        Assert.Equal(0, emptied.Payload.Length);

        // A subscriber now gets no alarm: the first thing it sees is a marker published after it subscribed.
        var (last, lastMessages) = await SubscribeAsync();
        // Only the twin publishes on alarm topics: the marker goes the way the twin's own messages go.
        await app.Services.GetRequiredService<Twin.Silo.Ingestion.IMqttOutbound>().PublishAsync(
            new MqttApplicationMessageBuilder().WithTopic("toyama/alarms/marker").WithPayload("after").Build(), ct);
        var first = await NextAsync(lastMessages);
        Assert.Equal("toyama/alarms/marker", first.Topic);

        var metrics = await app.Http.GetStringAsync("/metrics", ct);
        Assert.Matches(@"(?m)^twin_alarms_notifications_sent\{channel=""mqtt""\} [1-9]", metrics);
        Assert.Contains("twin_alarms_notification_seconds_bucket{channel=\"mqtt\"", metrics, StringComparison.Ordinal);
        Assert.Contains("twin_alarms_outbox_pending", metrics, StringComparison.Ordinal);

        foreach (var client in new[] { early, late, last })
        {
            await client.DisconnectAsync(cancellationToken: ct);
            client.Dispose();
        }
    }

    private async Task<(IMqttClient Client, ChannelReader<MqttApplicationMessage> Messages)> SubscribeAsync()
    {
        var messages = Channel.CreateUnbounded<MqttApplicationMessage>();
        var client = await app.ConnectMqttAsync();
        client.ApplicationMessageReceivedAsync += e =>
        {
            messages.Writer.TryWrite(e.ApplicationMessage);
            return Task.CompletedTask;
        };
        await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter("toyama/alarms/#", MqttQualityOfServiceLevel.AtLeastOnce)
            .Build(), TestContext.Current.CancellationToken);
        return (client, messages.Reader);
    }

    private static async Task<MqttApplicationMessage> NextAsync(ChannelReader<MqttApplicationMessage> messages) =>
        await messages.ReadAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
}
