using NetTopologySuite.Geometries;

namespace Twin.Catalog.Tests;

public sealed class DistrictShapesTests
{
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    // Two hand-made squares 0.01° on a side, side by side, with a gap of 0.01° between them; the west one has a hole.
    private static readonly DistrictShapes Shapes = new(
    [
        ("west", Factory.CreatePolygon(
            Factory.CreateLinearRing(Ring(137.00, 36.00, 0.01)),
            [Factory.CreateLinearRing(Ring(137.004, 36.004, 0.002))])),
        ("east", Factory.CreatePolygon(Ring(137.02, 36.00, 0.01))),
    ]);

    [Theory]
    [InlineData(36.005, 137.001, "west")]
    [InlineData(36.005, 137.025, "east")]
    [InlineData(36.000, 137.025, "east")]   // on the edge: covered
    [InlineData(36.005, 137.0101, "west")]  // in the gap, 0.0001° from west, 0.0099° from east
    [InlineData(36.005, 137.0199, "east")]  // in the gap, nearer east
    [InlineData(36.005, 137.005, "west")]   // in the west square's hole: outside, and nearest to west (it surrounds it)
    public void PointsFallInTheirSquareOrTheNearest(double lat, double lon, string expected) =>
        Assert.Equal(expected, Shapes.DistrictOf(lat, lon));

    private static Coordinate[] Ring(double x, double y, double side) =>
        [new(x, y), new(x + side, y), new(x + side, y + side), new(x, y + side), new(x, y)];
}
