using NetTopologySuite.Geometries;

namespace Twin.Catalog;

/// <summary>The approximate former-municipality polygons, for point-in-polygon lookups.</summary>
/// <remarks>
/// Ray casting on plain coordinate arrays: pure, allocation-free and safe to call from many grains at once,
/// which NTS's lazily-indexed prepared geometries do not promise.
/// </remarks>
internal sealed class DistrictShapes
{
    private readonly Shape[] _shapes;

    public DistrictShapes(IEnumerable<(string Id, Geometry Geometry)> polygons)
    {
        _shapes = polygons.Select(p => new Shape(p.Id, p.Geometry)).ToArray();
    }

    public string DistrictOf(double lat, double lon)
    {
        foreach (var shape in _shapes)
        {
            if (shape.Contains(lon, lat))
            {
                return shape.Id;
            }
        }
        // Outside every polygon (the sea, a river mouth, just over the city limit): the nearest one.
        var point = DataFiles.Factory.CreatePoint(new Coordinate(lon, lat));
        var best = _shapes[0];
        var bestDistance = double.MaxValue;
        foreach (var shape in _shapes)
        {
            var d = shape.Geometry.Distance(point);
            if (d < bestDistance)
            {
                bestDistance = d;
                best = shape;
            }
        }
        return best.Id;
    }

    public bool Contains(double lat, double lon) => _shapes.Any(s => s.Contains(lon, lat));

    private sealed class Shape
    {
        private readonly Envelope _envelope;
        private readonly (double[] Xs, double[] Ys)[][] _polygons; // per polygon: shell, then holes

        public Shape(string id, Geometry geometry)
        {
            Id = id;
            Geometry = geometry;
            _envelope = geometry.EnvelopeInternal;
            var polygons = new List<(double[], double[])[]>();
            for (var i = 0; i < geometry.NumGeometries; i++)
            {
                if (geometry.GetGeometryN(i) is Polygon polygon)
                {
                    var rings = new List<(double[], double[])> { Ring(polygon.ExteriorRing) };
                    rings.AddRange(polygon.InteriorRings.Select(Ring));
                    polygons.Add(rings.ToArray());
                }
            }
            _polygons = polygons.ToArray();
        }

        public string Id { get; }

        public Geometry Geometry { get; }

        public bool Contains(double x, double y)
        {
            if (!_envelope.Contains(x, y))
            {
                return false;
            }
            foreach (var rings in _polygons)
            {
                if (InRing(rings[0], x, y) && !rings.Skip(1).Any(h => InRing(h, x, y)))
                {
                    return true;
                }
            }
            return false;
        }

        private static (double[], double[]) Ring(LineString ring) =>
            (ring.Coordinates.Select(c => c.X).ToArray(), ring.Coordinates.Select(c => c.Y).ToArray());

        private static bool InRing((double[] Xs, double[] Ys) ring, double x, double y)
        {
            var (xs, ys) = ring;
            var inside = false;
            for (int i = 0, j = xs.Length - 1; i < xs.Length; j = i++)
            {
                if ((ys[i] > y) != (ys[j] > y) && x < (xs[j] - xs[i]) * (y - ys[i]) / (ys[j] - ys[i]) + xs[i])
                {
                    inside = !inside;
                }
            }
            return inside;
        }
    }
}
