using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;

namespace Twin.Catalog;

/// <summary>The approximate former-municipality polygons, for point-in-polygon lookups on NTS prepared geometries.</summary>
/// <remarks>
/// Membership is tested in longitude/latitude (the polygons' own coordinates): a projection preserves containment,
/// so projecting would only cost time. The nearest polygon, for a point outside them all, is measured in zone VII
/// metres. Prepared polygons build their point locator lazily; NTS documents that locator as thread-safe, and each
/// one is warmed here so the grains that call <see cref="DistrictOf"/> concurrently only ever read it.
/// </remarks>
internal sealed class DistrictShapes
{
    private readonly Shape[] _shapes;

    public DistrictShapes(IEnumerable<(string Id, Geometry Geometry)> polygons)
    {
        var prepared = new PreparedGeometryFactory();
        _shapes = polygons.Select(p => new Shape(p.Id, p.Geometry, prepared.Create(p.Geometry), Project(p.Geometry))).ToArray();
        foreach (var shape in _shapes)
        {
            shape.Prepared.Contains(shape.Geometry.InteriorPoint);
        }
    }

    /// <summary>The id of the polygon holding the point; the nearest polygon when the point is outside them all.</summary>
    public string DistrictOf(double lat, double lon)
    {
        var point = DataFiles.Factory.CreatePoint(new Coordinate(lon, lat));
        foreach (var shape in _shapes)
        {
            if (shape.Prepared.Covers(point))
            {
                return shape.Id;
            }
        }
        // Outside every polygon (the sea, a river mouth, just over the city limit): the nearest one.
        var plane = PlaneRectangular.Point(lat, lon);
        return _shapes.MinBy(s => s.Plane.Distance(plane))!.Id;
    }

    private static Geometry Project(Geometry geometry)
    {
        var copy = PlaneRectangular.Factory.CreateGeometry(geometry);
        copy.Apply(new ToPlaneFilter());
        copy.GeometryChanged();
        return copy;
    }

    private sealed record Shape(string Id, Geometry Geometry, IPreparedGeometry Prepared, Geometry Plane);

    private sealed class ToPlaneFilter : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq)
        {
            for (var i = 0; i < seq.Count; i++)
            {
                var c = PlaneRectangular.ToPlane(seq.GetY(i), seq.GetX(i));
                seq.SetX(i, c.X);
                seq.SetY(i, c.Y);
            }
        }
    }
}
