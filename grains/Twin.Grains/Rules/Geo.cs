namespace Twin.Grains.Rules;

/// <summary>Great-circle distance, good to a metre at city scale.</summary>
public static class Geo
{
    private const double EarthRadiusM = 6_371_008.8;

    /// <summary>Distance in metres between two WGS84 points.</summary>
    public static double DistanceM(double lat1, double lon1, double lat2, double lon2)
    {
        var p1 = lat1 * Math.PI / 180;
        var p2 = lat2 * Math.PI / 180;
        var dp = p2 - p1;
        var dl = (lon2 - lon1) * Math.PI / 180;
        var a = Math.Sin(dp / 2) * Math.Sin(dp / 2) + Math.Cos(p1) * Math.Cos(p2) * Math.Sin(dl / 2) * Math.Sin(dl / 2);
        return 2 * EarthRadiusM * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }
}
