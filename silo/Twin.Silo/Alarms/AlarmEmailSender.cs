using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using Twin.Grains.Abstractions.Alarms;
using Twin.Grains.Alarms;

namespace Twin.Silo.Alarms;

/// <summary>Sends the alarm e-mail to the entry's address over SMTP (MailKit); an address the server refuses for good is parked.</summary>
public sealed class AlarmEmailSender(
    IOptions<AlarmSmtpOptions> smtp,
    IOptions<AlarmOptions> alarms,
    IOptions<AlarmDeliveryOptions> delivery) : IAlarmNotificationSender
{
    public NotificationChannel Channel => NotificationChannel.Email;

    public async Task SendAsync(OutboxEntry entry, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var server = smtp.Value;
        if (string.IsNullOrEmpty(server.Host))
        {
            // Validation refuses routes with e-mail and no server; an entry written under an older configuration waits for one.
            throw new InvalidOperationException("No SMTP server is configured (Twin:Alarms:Smtp:Host).");
        }
        var message = Message(entry, server, alarms.Value);
        using var client = new SmtpClient { Timeout = (int)delivery.Value.SendTimeout.TotalMilliseconds };
        var security = !server.UseTls ? SecureSocketOptions.None
            : server.Port == 465 ? SecureSocketOptions.SslOnConnect
            : SecureSocketOptions.StartTls;
        await client.ConnectAsync(server.Host, server.Port, security, ct);
        if (!string.IsNullOrEmpty(server.Username))
        {
            await client.AuthenticateAsync(server.Username, server.Password ?? "", ct);
        }
        try
        {
            await client.SendAsync(message, ct);
        }
        catch (SmtpCommandException ex) when (ex.ErrorCode == SmtpErrorCode.RecipientNotAccepted && (int)ex.StatusCode >= 500)
        {
            throw new NotificationRefusedException($"The SMTP server refused {entry.Target}: {(int)ex.StatusCode} {ex.Message}", ex);
        }
        await client.DisconnectAsync(quit: true, ct);
    }

    /// <summary>The MIME message: UTF-8 plain text, with the notification id as its Message-Id so that repeats can be told apart.</summary>
    public static MimeMessage Message(OutboxEntry entry, AlarmSmtpOptions server, AlarmOptions options)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(server);
        var email = AlarmEmail.Render(entry.Notice, options);
        var message = new MimeMessage
        {
            Subject = email.Subject,
            Body = new TextPart("plain") { Text = email.Body },
        };
        var from = MailboxAddress.Parse(server.From ?? "twin@localhost");
        message.From.Add(from);
        message.To.Add(MailboxAddress.Parse(entry.Target));
        var domain = from.Domain;
        message.MessageId = $"{entry.Id}@{(string.IsNullOrEmpty(domain) ? "localhost" : domain)}";
        message.Headers.Add(AlarmWebhookSender.IdempotencyKeyHeader, entry.Id);
        return message;
    }
}
