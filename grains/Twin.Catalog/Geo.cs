namespace Twin.Catalog;

/// <summary>Distance helpers for the catalog's placements, measured in JGD2011 plane rectangular zone VII.</summary>
internal static class Geo
{
    public static double DistanceM(double lat1, double lon1, double lat2, double lon2) =>
        PlaneRectangular.DistanceM(lat1, lon1, lat2, lon2);

    public static Gateway Nearest(IReadOnlyList<Gateway> gateways, double lat, double lon)
    {
        var here = PlaneRectangular.ToPlane(lat, lon);
        var best = gateways[0];
        var bestDistance = double.MaxValue;
        foreach (var g in gateways)
        {
            var d = here.Distance(PlaneRectangular.ToPlane(g.Position.Lat, g.Position.Lon));
            if (d < bestDistance)
            {
                bestDistance = d;
                best = g;
            }
        }
        return best;
    }
}
