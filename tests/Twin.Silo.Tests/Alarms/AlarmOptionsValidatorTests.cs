using Microsoft.Extensions.Options;
using Twin.Grains.Abstractions;
using Twin.Grains.Alarms;
using Twin.Silo.Alarms;

namespace Twin.Silo.Tests.Alarms;

public sealed class AlarmOptionsValidatorTests
{
    private static readonly AlarmSmtpOptions Smtp = new() { Host = "smtp.example.jp", From = "twin@example.jp" };

    [Fact]
    public void TwoRoutesWithEscalationPass()
    {
        var result = Validate(TwoRoutes(), Smtp);
        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void EscalationToARouteThatDoesNotExistFails() =>
        AssertFails(TwoRoutes(r => r.Routes[0].EscalateTo = "nowhere"), "Twin:Alarms:Routes:0:EscalateTo 'nowhere' names no route.");

    [Fact]
    public void EscalationWithoutADelayFails() =>
        AssertFails(TwoRoutes(r => r.Routes[0].EscalateAfterMinutes = null), "Twin:Alarms:Routes:0:EscalateAfterMinutes must be a positive number of minutes when EscalateTo is set.");

    [Fact]
    public void RouteNamesAreUnique() =>
        AssertFails(TwoRoutes(r => r.Routes[1].Name = "chuo-pumps"), "Twin:Alarms:Routes:1:Name 'chuo-pumps' names another route too; route names are unique.");

    [Fact]
    public void AMinimumSeverityBelowAdvisoryFails() =>
        AssertFails(TwoRoutes(r => r.Routes[1].MinSeverity = TwinStatus.Normal), "Twin:Alarms:Routes:1:MinSeverity must be advisory, warning, alarm or critical, not Normal.");

    [Fact]
    public void UrlsMustBeAbsoluteHttp()
    {
        AssertFails(TwoRoutes(r => r.WebhookUrl = "hooks.example/twin"), "Twin:Alarms:WebhookUrl 'hooks.example/twin' is not an absolute http or https URL.");
        AssertFails(TwoRoutes(r => r.Routes[0].Webhook = "ftp://hooks.example"), "Twin:Alarms:Routes:0:Webhook 'ftp://hooks.example' is not an absolute http or https URL.");
        AssertFails(TwoRoutes(r => r.PublicBaseUrl = ""), "Twin:Alarms:PublicBaseUrl is required.");
    }

    [Fact]
    public void EmailNeedsAnSmtpServerAndAddressesThatParse()
    {
        AssertFails(TwoRoutes(), "A route sends e-mail: Twin:Alarms:Smtp:Host is required.", new AlarmSmtpOptions { From = "twin@example.jp" });
        AssertFails(TwoRoutes(r => r.Routes[0].Email = "ops@example.jp, not-an-address"), "Twin:Alarms:Routes:0:Email 'not-an-address' is not an e-mail address.");
    }

    [Fact]
    public void NoRoutesAtAllPass() => Assert.True(Validate(new AlarmOptions(), new AlarmSmtpOptions()).Succeeded);

    private static AlarmOptions TwoRoutes(Action<AlarmOptions>? change = null)
    {
        var options = new AlarmOptions
        {
            WebhookUrl = "https://hooks.example/twin",
            PublicBaseUrl = "https://twin.example",
            Routes =
            [
                new AlarmRoute { Name = "chuo-pumps", Districts = "chuo", Kinds = "snow-pump", MinSeverity = TwinStatus.Warning, Email = "ops@example.jp", EscalateAfterMinutes = 15, EscalateTo = "duty-manager" },
                new AlarmRoute { Name = "duty-manager", MinSeverity = TwinStatus.Alarm, Webhook = "https://pager.example/hook" },
            ],
        };
        change?.Invoke(options);
        return options;
    }

    private static ValidateOptionsResult Validate(AlarmOptions options, AlarmSmtpOptions smtp) =>
        new AlarmOptionsValidator(Microsoft.Extensions.Options.Options.Create(smtp)).Validate(null, options);

    private static void AssertFails(AlarmOptions options, string failure, AlarmSmtpOptions? smtp = null)
    {
        var result = Validate(options, smtp ?? Smtp);
        Assert.True(result.Failed);
        Assert.Contains(failure, result.Failures!);
    }
}
