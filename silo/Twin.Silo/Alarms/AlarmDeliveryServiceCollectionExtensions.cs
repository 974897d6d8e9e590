using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Twin.Grains.Alarms;
using Twin.Storage;

namespace Twin.Silo.Alarms;

/// <summary>Registers the sending of alarm notifications: options, channels, the outbox dispatcher and its metrics.</summary>
public static class AlarmDeliveryServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates <c>Twin:Alarms</c> (<see cref="AlarmOptions"/>), <c>Twin:Alarms:Smtp</c> and <c>Twin:Alarms:Delivery</c>;
    /// registers the webhook, e-mail, MQTT and wake senders, the in-memory store for <c>Twin:Storage=Memory</c>, and one
    /// <see cref="AlarmOutboxDispatcher"/> per silo. Safe to call more than once.
    /// </summary>
    public static IServiceCollection AddTwinAlarmDelivery(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(AlarmDeliveryMetrics)))
        {
            return services;
        }
        services.AddOptions<AlarmOptions>().BindConfiguration(AlarmOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AlarmOptions>, AlarmOptionsValidator>());
        services.AddOptions<AlarmSmtpOptions>().BindConfiguration(AlarmSmtpOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AlarmDeliveryOptions>().BindConfiguration(AlarmDeliveryOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        services.AddMemoryAlarmStore(configuration);
        services.AddHttpClient(AlarmWebhookSender.ClientName, (sp, client) =>
        {
            client.Timeout = sp.GetRequiredService<IOptions<AlarmDeliveryOptions>>().Value.SendTimeout;
            client.DefaultRequestHeaders.UserAgent.ParseAdd("toyama-twin-alarms/1.0");
        })
            // Polly, for a blip: two quick retries of a transient failure (5xx, 408, 429, no connection) within one
            // attempt. Longer outages are the outbox's: its due times survive a restart, an in-process retry does not.
            .AddResilienceHandler("alarm-webhook", pipeline => pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = 2,
                Delay = TimeSpan.FromMilliseconds(200),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
            }));
        services.AddSingleton<IAlarmNotificationSender, AlarmWebhookSender>();
        services.AddSingleton<IAlarmNotificationSender, AlarmEmailSender>();
        services.AddSingleton<IAlarmNotificationSender, AlarmMqttSender>();
        services.AddSingleton<IAlarmNotificationSender, AlarmWakeSender>();
        services.AddSingleton<AlarmDeliveryMetrics>();
        services.AddHostedService<AlarmOutboxDispatcher>();
        return services;
    }
}
