using System.Text.Json;
using Twin.Silo.Extensions;

namespace Twin.Silo.Alarms;

/// <summary>The wire's JSON options for what the alarm senders write (webhook bodies, MQTT alarm messages): the same bytes as REST.</summary>
internal static class AlarmWireJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        WebExtensions.ConfigureWireJson(options);
        options.MakeReadOnly();
        return options;
    }
}
