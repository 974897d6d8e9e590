namespace Twin.Catalog;

/// <summary>Small distance helpers; equirectangular is plenty at city scale.</summary>
internal static class Geo
{
    public static double DistanceM(double lat1, double lon1, double lat2, double lon2)
    {
        const double metresPerDegree = 111_195;
        var x = (lon2 - lon1) * Math.Cos((lat1 + lat2) * Math.PI / 360);
        var y = lat2 - lat1;
        return Math.Sqrt(x * x + y * y) * metresPerDegree;
    }

    public static Gateway Nearest(IReadOnlyList<Gateway> gateways, double lat, double lon)
    {
        var best = gateways[0];
        var bestDistance = double.MaxValue;
        foreach (var g in gateways)
        {
            var d = DistanceM(lat, lon, g.Position.Lat, g.Position.Lon);
            if (d < bestDistance)
            {
                bestDistance = d;
                best = g;
            }
        }
        return best;
    }
}
