namespace Twin.Catalog.Tests;

public sealed class PlaneRectangularTests
{
    [Fact]
    public void ZoneOriginProjectsToZero()
    {
        var c = PlaneRectangular.ToPlane(36, 137 + 10.0 / 60);
        Assert.Equal(0, c.X, 0.001);
        Assert.Equal(0, c.Y, 0.001);
    }

    [Theory]
    // Expected values from GSI's own Gauss–Krüger series (Kawase 2011, the formula of the GSI web calculator),
    // evaluated independently of ProjNet: x easting, y northing in metres.
    [InlineData(36.696742, 137.214235, 4250.4677, 77307.6305)]   // 新桜町 (city hall's 町字 point)
    [InlineData(36.526851, 137.215026, 4330.6366, 58456.6800)]   // 楡原
    [InlineData(37.0, 137 + 10.0 / 60, 0.0, 110957.2076)]        // one degree north on the central meridian
    public void KnownCoordinatePairsMatchGsiToTheMillimetre(double lat, double lon, double x, double y)
    {
        var c = PlaneRectangular.ToPlane(lat, lon);
        Assert.Equal(x, c.X, 0.001);
        Assert.Equal(y, c.Y, 0.001);
        var (backLat, backLon) = PlaneRectangular.ToGeographic(c.X, c.Y);
        Assert.Equal(lat, backLat, 1e-9);
        Assert.Equal(lon, backLon, 1e-9);
    }

    [Fact]
    public void DistanceIsMeasuredOnThePlane()
    {
        // Two points 1 km apart on the plane, north-east of city hall, are 1 km apart by DistanceM.
        var a = PlaneRectangular.ToGeographic(4000, 77000);
        var b = PlaneRectangular.ToGeographic(4600, 77800);
        Assert.Equal(1000, PlaneRectangular.DistanceM(a.Lat, a.Lon, b.Lat, b.Lon), 1e-6);
        Assert.Equal(1000, Twin.Catalog.Geo.DistanceM(a.Lat, a.Lon, b.Lat, b.Lon), 1e-6);
    }

    [Fact]
    public void BufferIsADiscOfTheRadiusInMetres()
    {
        var disc = PlaneRectangular.Buffer(36.7, 137.2, 500);
        Assert.Equal(PlaneRectangular.Srid, disc.SRID);
        // A 32-gon inscribed in the circle (NTS's 8 segments a quadrant): its area is 0.64 % short of πr².
        Assert.Equal(Math.PI * 500 * 500, disc.Area, Math.PI * 500 * 500 * 0.01);
        Assert.True(disc.Contains(PlaneRectangular.Point(36.7, 137.2)));
    }

    [Fact]
    public void ManyThreadsAtOnceGetTheSameAnswersAsOne()
    {
        // The grains call DistanceM concurrently: the shared ProjNet transforms must hold no per-call state.
        var points = Enumerable.Range(0, 20_000).Select(i => (Lat: 36.5 + i % 200 * 0.001, Lon: 137.0 + i / 200 * 0.003)).ToArray();
        var expected = points.Select(p => PlaneRectangular.ToPlane(p.Lat, p.Lon)).ToArray();
        var mismatches = 0;
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ =>
        {
            for (var i = 0; i < points.Length; i++)
            {
                var c = PlaneRectangular.ToPlane(points[i].Lat, points[i].Lon);
                var (lat, lon) = PlaneRectangular.ToGeographic(c.X, c.Y);
                if (!c.Equals2D(expected[i]) || Math.Abs(lat - points[i].Lat) > 1e-9 || Math.Abs(lon - points[i].Lon) > 1e-9)
                {
                    Interlocked.Increment(ref mismatches);
                }
            }
        });
        Assert.Equal(0, mismatches);
    }
}
