using System.ComponentModel.DataAnnotations;

namespace Twin.Silo.Alarms;

/// <summary>The SMTP server alarm e-mails go through (<c>Twin:Alarms:Smtp</c>); needed once a route has e-mail addresses.</summary>
public sealed class AlarmSmtpOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Twin:Alarms:Smtp";

    /// <summary>The server's host name; empty: no e-mail.</summary>
    public string? Host { get; set; }

    /// <summary>The server's port (587 submission with STARTTLS, 465 TLS from the start, 25 plain).</summary>
    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    /// <summary>The sender's address (<c>twin@example.jp</c> or <c>富山市デジタルツイン &lt;twin@example.jp&gt;</c>).</summary>
    public string? From { get; set; }

    /// <summary>The account, when the server wants one.</summary>
    public string? Username { get; set; }

    /// <summary>The account's password.</summary>
    public string? Password { get; set; }

    /// <summary>TLS: from the start on port 465, else STARTTLS (required); false: plain (a relay inside the network, tests).</summary>
    public bool UseTls { get; set; } = true;
}
