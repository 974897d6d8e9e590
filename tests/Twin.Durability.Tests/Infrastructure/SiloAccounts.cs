using System.Diagnostics;
using System.Globalization;

namespace Twin.Durability.Tests.Infrastructure;

/// <summary>
/// The accounts a silo process of the tests has, given in its environment (<c>Twin__Auth__Accounts__…</c>, never
/// on its command line): an admin for the tests' REST calls and the hub, and a monitor account Prometheus scrapes with.
/// </summary>
public static class SiloAccounts
{
    public const string Admin = "test-admin";

    public const string AdminPassword = "test-admin-password";

    /// <summary>The account <c>dashboards/prometheus/prometheus.yml</c> names.</summary>
    public const string Monitor = "prometheus";

    public const string MonitorPassword = "test-monitor-password";

    /// <summary>Adds the accounts to a silo process's environment.</summary>
    public static void AddTo(ProcessStartInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        (string Name, string Password, string Roles)[] accounts = [(Admin, AdminPassword, "admin"), (Monitor, MonitorPassword, "monitor")];
        for (var i = 0; i < accounts.Length; i++)
        {
            var prefix = "Twin__Auth__Accounts__" + i.ToString(CultureInfo.InvariantCulture) + "__";
            info.Environment[prefix + "Name"] = accounts[i].Name;
            info.Environment[prefix + "Password"] = accounts[i].Password;
            info.Environment[prefix + "Roles"] = accounts[i].Roles;
        }
    }
}
