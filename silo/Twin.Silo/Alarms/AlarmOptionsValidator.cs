using Microsoft.Extensions.Options;
using MimeKit;
using Twin.Grains.Abstractions;
using Twin.Grains.Alarms;

namespace Twin.Silo.Alarms;

/// <summary>
/// Checks <c>Twin:Alarms</c> at start: absolute http(s) URLs, unique route names, escalation to an existing other route
/// with a delay, severities from advisory up, e-mail addresses that parse and an SMTP server (with a sender) when any route
/// has them.
/// </summary>
public sealed class AlarmOptionsValidator(IOptions<AlarmSmtpOptions> smtp) : IValidateOptions<AlarmOptions>
{
    public ValidateOptionsResult Validate(string? name, AlarmOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        CheckUrl(errors, "Twin:Alarms:WebhookUrl", options.WebhookUrl, required: false);
        CheckUrl(errors, "Twin:Alarms:PublicBaseUrl", options.PublicBaseUrl, required: true);
        var names = options.Routes.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var anyEmail = false;
        for (var i = 0; i < options.Routes.Count; i++)
        {
            var route = options.Routes[i];
            var key = $"Twin:Alarms:Routes:{i}";
            if (string.IsNullOrWhiteSpace(route.Name))
            {
                errors.Add($"{key}:Name is required.");
            }
            else if (!seen.Add(route.Name))
            {
                errors.Add($"{key}:Name '{route.Name}' names another route too; route names are unique.");
            }
            CheckUrl(errors, $"{key}:Webhook", route.Webhook, required: false);
            if (route.MinSeverity is < TwinStatus.Advisory or > TwinStatus.Critical)
            {
                errors.Add($"{key}:MinSeverity must be advisory, warning, alarm or critical, not {route.MinSeverity}.");
            }
            foreach (var address in AlarmRoute.Items(route.Email))
            {
                anyEmail = true;
                if (!MailboxAddress.TryParse(address, out var mailbox) || string.IsNullOrEmpty(mailbox.Domain))
                {
                    errors.Add($"{key}:Email '{address}' is not an e-mail address.");
                }
            }
            if (route.EscalateTo is { Length: > 0 } to)
            {
                if (!names.Contains(to))
                {
                    errors.Add($"{key}:EscalateTo '{to}' names no route.");
                }
                else if (to == route.Name)
                {
                    errors.Add($"{key}:EscalateTo names the route itself.");
                }
                if (route.EscalateAfterMinutes is not > 0)
                {
                    errors.Add($"{key}:EscalateAfterMinutes must be a positive number of minutes when EscalateTo is set.");
                }
            }
            else if (route.EscalateAfterMinutes is not null)
            {
                errors.Add($"{key}:EscalateAfterMinutes is set but EscalateTo names no route.");
            }
        }
        if (anyEmail)
        {
            var server = smtp.Value;
            if (string.IsNullOrWhiteSpace(server.Host))
            {
                errors.Add("A route sends e-mail: Twin:Alarms:Smtp:Host is required.");
            }
            if (string.IsNullOrWhiteSpace(server.From) || !MailboxAddress.TryParse(server.From, out _))
            {
                errors.Add("A route sends e-mail: Twin:Alarms:Smtp:From must be an e-mail address.");
            }
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckUrl(List<string> errors, string key, string? value, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                errors.Add($"{key} is required.");
            }
            return;
        }
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"{key} '{value}' is not an absolute http or https URL.");
        }
    }
}
