namespace Twin.Grains.Alarms;

/// <summary>Where alarms are told (<c>Twin:Alarms</c>): the one webhook, the routes, and the base of the links in notifications.</summary>
public sealed class AlarmOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Twin:Alarms";

    /// <summary>One webhook told of everything; none when empty.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>The control room's address as people reach it; notification links start with it.</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5080";

    /// <summary>Routes by district, kind, type and severity, each with its webhook, e-mail and escalation.</summary>
    public List<AlarmRoute> Routes { get; set; } = [];

    /// <summary>Whether alarms are published retained on <c>toyama/alarms/{district}/{type}/{source}</c>.</summary>
    public bool Mqtt { get; set; } = true;

    /// <summary>The page that opens one alarm.</summary>
    public string AlarmUrl(string alarmId) => $"{PublicBaseUrl.TrimEnd('/')}/?alarm={Uri.EscapeDataString(alarmId)}";

    /// <summary>Where the alarm is acknowledged (POST).</summary>
    public string AckUrl(string alarmId) => $"{PublicBaseUrl.TrimEnd('/')}/api/alarms/{Uri.EscapeDataString(alarmId)}/ack";
}
