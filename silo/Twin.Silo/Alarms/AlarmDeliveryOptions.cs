using System.ComponentModel.DataAnnotations;

namespace Twin.Silo.Alarms;

/// <summary>How the outbox is sent (<c>Twin:Alarms:Delivery</c>); the defaults suit one silo and a few receivers.</summary>
public sealed class AlarmDeliveryOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Twin:Alarms:Delivery";

    /// <summary>How often an idle dispatcher looks for due notifications.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long a claimed notification is this silo's; a silo that dies lets it go to another after this.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Notifications claimed at once.</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 32;

    /// <summary>Notifications sent at once (to different targets).</summary>
    [Range(1, 256)]
    public int MaxConcurrency { get; set; } = 16;

    /// <summary>About the first retry's delay; each later one about doubles.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:30")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest retry delay (the contract caps it at 30 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:30")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one webhook call or SMTP exchange may take.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:00:30")]
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
