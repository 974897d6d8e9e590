using Microsoft.Extensions.Options;
using Twin.Catalog;
using Twin.Grains;
using Twin.Grains.Abstractions;
using Twin.Silo.Privacy;
using Twin.Storage;
using Twin.Storage.History;

namespace Twin.Silo.Extensions;

/// <summary>Sets up children's privacy: the consent register (what the grains read), the audit log, the children's short retention and cadence.</summary>
public static class PrivacyExtensions
{
    /// <summary>Adds <c>Twin:Privacy</c>; call after <c>AddTwinGrains</c>, whose catalog consents the register replaces.</summary>
    public static WebApplicationBuilder AddTwinPrivacy(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<PrivacyOptions>().BindConfiguration("Twin:Privacy").ValidateDataAnnotations().ValidateOnStart();
        services.AddTwinPrivacyStores(builder.Configuration);
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<ConsentRegister>();
        services.AddSingleton<IConsentLookup>(sp => sp.GetRequiredService<ConsentRegister>());
        services.AddHostedService<ConsentSeeder>();
        services.AddOptions<ChildPrivacyOptions>().Configure<IOptions<PrivacyOptions>>(
            (children, privacy) => children.Cadence = TimeSpan.FromSeconds(privacy.Value.CellIntervalS));
        // The history's maintenance purges child readings past Twin:Privacy:ChildHistoryHours.
        services.AddSingleton(sp => new ShortRetention(
            DeviceKind.ChildTracker.ToWire(),
            [.. sp.GetRequiredService<TwinCatalog>().Devices.Where(d => d.Kind == DeviceKind.ChildTracker).Select(d => d.Id)],
            TimeSpan.FromHours(sp.GetRequiredService<IOptions<PrivacyOptions>>().Value.ChildHistoryHours)));
        return builder;
    }
}
