using System.Globalization;
using Twin.Grains.Abstractions;

namespace Twin.Catalog;

/// <summary>JIS X 0410 regional mesh codes: the 1/4 mesh (~250 m) the twin aggregates child positions by.</summary>
public static class Mesh
{
    // Cell sizes in arc-seconds; integer maths on seconds keeps codes stable at cell edges.
    private const double FirstLatS = 2400, FirstLonS = 3600;
    private const double SecondLatS = 300, SecondLonS = 450;
    private const double ThirdLatS = 30, ThirdLonS = 45;
    private const double HalfLatS = 15, HalfLonS = 22.5;
    private const double QuarterLatS = 7.5, QuarterLonS = 11.25;

    /// <summary>The 10-digit 1/4 mesh code (1st 4 + 2nd 2 + 3rd 2 + 1/2 digit + 1/4 digit) of a WGS84/JGD2011 point.</summary>
    public static string QuarterMeshCode(double lat, double lon)
    {
        if (lat is < 0 or >= 66.66 || lon is < 100 or >= 180)
        {
            throw new ArgumentOutOfRangeException(nameof(lat), $"({lat}, {lon}) is outside the JIS mesh area.");
        }
        // A tiny nudge so points exactly on a south/west edge that round just below it stay in their cell.
        var latS = lat * 3600 + 1e-7;
        var lonS = (lon - 100) * 3600 + 1e-7;

        var p = (int)Math.Floor(latS / FirstLatS);
        var u = (int)Math.Floor(lonS / FirstLonS);
        latS -= p * FirstLatS;
        lonS -= u * FirstLonS;
        var q = (int)Math.Floor(latS / SecondLatS);
        var v = (int)Math.Floor(lonS / SecondLonS);
        latS -= q * SecondLatS;
        lonS -= v * SecondLonS;
        var r = (int)Math.Floor(latS / ThirdLatS);
        var w = (int)Math.Floor(lonS / ThirdLonS);
        latS -= r * ThirdLatS;
        lonS -= w * ThirdLonS;
        var hy = latS >= HalfLatS ? 1 : 0;
        var hx = lonS >= HalfLonS ? 1 : 0;
        latS -= hy * HalfLatS;
        lonS -= hx * HalfLonS;
        var qy = latS >= QuarterLatS ? 1 : 0;
        var qx = lonS >= QuarterLonS ? 1 : 0;
        // Sub-cell digits: 1 SW, 2 SE, 3 NW, 4 NE.
        var half = 1 + hx + 2 * hy;
        var quarter = 1 + qx + 2 * qy;
        return string.Create(CultureInfo.InvariantCulture, $"{p:00}{u:00}{q}{v}{r}{w}{half}{quarter}");
    }

    /// <summary>The centre of a 1/4 mesh cell (also accepts 8-digit 3rd and 9-digit 1/2 mesh codes).</summary>
    public static GeoPoint CellCentre(string meshCode)
    {
        ArgumentNullException.ThrowIfNull(meshCode);
        if (meshCode.Length is not (8 or 9 or 10) || !meshCode.All(char.IsAsciiDigit))
        {
            throw new ArgumentException($"'{meshCode}' is not a 3rd, 1/2 or 1/4 mesh code.", nameof(meshCode));
        }
        int D(int i) => meshCode[i] - '0';
        var latS = (D(0) * 10 + D(1)) * FirstLatS + D(4) * SecondLatS + D(6) * ThirdLatS;
        var lonS = (D(2) * 10 + D(3)) * FirstLonS + D(5) * SecondLonS + D(7) * ThirdLonS;
        double cellLat = ThirdLatS, cellLon = ThirdLonS;
        for (var i = 8; i < meshCode.Length; i++)
        {
            var digit = D(i);
            if (digit is < 1 or > 4)
            {
                throw new ArgumentException($"'{meshCode}' has a sub-mesh digit outside 1–4.", nameof(meshCode));
            }
            cellLat /= 2;
            cellLon /= 2;
            if (digit >= 3)
            {
                latS += cellLat;
            }
            if (digit is 2 or 4)
            {
                lonS += cellLon;
            }
        }
        return new GeoPoint((latS + cellLat / 2) / 3600, 100 + (lonS + cellLon / 2) / 3600);
    }
}
