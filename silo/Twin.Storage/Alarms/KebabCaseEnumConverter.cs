using System.Text.Json;
using System.Text.Json.Serialization;

namespace Twin.Storage.Alarms;

/// <summary>An enum as its contract name (<c>active-unacknowledged</c>), the same name the alarm tables' columns hold.</summary>
internal sealed class KebabCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(Policy, allowIntegerValues: false)
    where TEnum : struct, Enum
{
    /// <summary>The naming policy of the JSON and of the columns.</summary>
    public static readonly JsonNamingPolicy Policy = JsonNamingPolicy.KebabCaseLower;

    /// <summary>The value's name as stored.</summary>
    public static string Name(TEnum value) => Policy.ConvertName(value.ToString());
}
