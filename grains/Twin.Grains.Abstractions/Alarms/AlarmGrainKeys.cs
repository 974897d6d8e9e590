namespace Twin.Grains.Abstractions.Alarms;

/// <summary>The keys of the grouping grains.</summary>
public static class AlarmGrainKeys
{
    /// <summary>The burst group of one alarm type in one district.</summary>
    public static string Burst(string district, string type) => $"{district}/{type}";

    /// <summary>The devices silent behind one gateway.</summary>
    public static string Gateway(string gatewayId) => $"gateway/{gatewayId}";
}
