using Twin.Silo.Api;
using Twin.Silo.Extensions;
using Twin.Silo.Hubs;

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
app.MapHistoryApi();
app.MapAlarmsApi();
app.MapAlarmNotificationsApi();
app.MapHub<TwinHub>("/hubs/twin");
app.MapTwinOperations();

app.Run();

/// <summary>The silo host; public so functional tests can start it with WebApplicationFactory.</summary>
public partial class Program;
