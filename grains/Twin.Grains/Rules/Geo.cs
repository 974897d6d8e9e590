using Twin.Catalog;

namespace Twin.Grains.Rules;

/// <summary>Distances for the rules, measured in JGD2011 plane rectangular zone VII (EPSG:6675) through ProjNet.</summary>
public static class Geo
{
    /// <summary>Distance in metres between two WGS84/JGD2011 points.</summary>
    public static double DistanceM(double lat1, double lon1, double lat2, double lon2) =>
        PlaneRectangular.DistanceM(lat1, lon1, lat2, lon2);
}
