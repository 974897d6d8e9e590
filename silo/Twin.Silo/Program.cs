using Twin.Silo.Api;
using Twin.Silo.Extensions;
using Twin.Silo.Hubs;

if (args is [MqttPasswordCommand.Name, .. var rest])
{
    // An operator's command, not the silo: devices' MQTT passwords (DeviceKeys), then exit.
    var configuration = WebApplication.CreateBuilder([.. rest.Where(a => a.StartsWith("--", StringComparison.Ordinal))]).Configuration;
    return MqttPasswordCommand.Run(configuration, [.. rest.Where(a => !a.StartsWith("--", StringComparison.Ordinal))], Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddTwinSilo();
builder.AddTwinAuth();

var app = builder.Build();
app.UseTwinErrors();
app.UseControlRoom();
app.UseTwinAuth();
app.UseRateLimiter();
app.MapAuthApi();
app.MapAccountsApi();
app.MapPublicApi();
app.MapTwinApi();
app.MapLayersApi();
app.MapPlanningApi();
app.MapHistoryApi();
app.MapAlarmsApi();
app.MapAlarmNotificationsApi();
app.MapSimulationsApi();
app.MapChildrenApi();
app.MapAuditApi();
app.MapHub<TwinHub>("/hubs/twin");
app.MapTwinOperations();

app.Run();
return 0;

/// <summary>The silo host; public so functional tests can start it with WebApplicationFactory.</summary>
public partial class Program;
