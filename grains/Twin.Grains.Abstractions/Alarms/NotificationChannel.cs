namespace Twin.Grains.Abstractions.Alarms;

/// <summary>Where an outbox entry goes; <see cref="Wake"/> is a due time for the alarm itself (escalation, shelving's end).</summary>
public enum NotificationChannel
{
    /// <summary>An HTTP POST of the notification JSON to <c>Target</c> (a URL).</summary>
    Webhook,

    /// <summary>An e-mail to <c>Target</c> (an address), Japanese first then English.</summary>
    Email,

    /// <summary>A retained QoS 1 message on <c>Target</c> (the alarm topic), empty once the alarm is normal.</summary>
    Mqtt,

    /// <summary>No message: at its due time the alarm's source grain is woken (<c>Target</c> names a route to escalate to, or <c>shelve</c>).</summary>
    Wake,
}
