using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;
using Twin.Catalog;

namespace Twin.Simulation.Coverage;

/// <summary>
/// Which places lie within a radius of a facility, measured in JGD2011 plane rectangular zone VII (EPSG:6675):
/// each place's point is projected once, facilities go in an STR-tree, and a place is covered when a facility
/// is within the radius by NTS's planar distance.
/// </summary>
public sealed class CoverageCalculator
{
    private readonly IReadOnlyList<PopulatedPlace> _places;
    private readonly Point[] _points;

    /// <summary>A calculator over <paramref name="places"/> (their order is kept in every result).</summary>
    public CoverageCalculator(IReadOnlyList<PopulatedPlace> places)
    {
        _places = places;
        _points = places.Select(p => PlaneRectangular.Point(p.Lat, p.Lon)).ToArray();
    }

    /// <summary>The places, in the order results refer to.</summary>
    public IReadOnlyList<PopulatedPlace> Places => _places;

    /// <summary>For each place, the facilities within <paramref name="radiusM"/> metres (ids, ordinal order); empty when uncovered.</summary>
    public string[][] Reach(IReadOnlyList<Facility> facilities, double radiusM)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(radiusM);
        var tree = new STRtree<(Facility Facility, Point Point)>();
        foreach (var f in facilities)
        {
            var point = PlaneRectangular.Point(f.Lat, f.Lon);
            tree.Insert(point.EnvelopeInternal, (f, point));
        }
        tree.Build();
        var result = new string[_points.Length][];
        for (var i = 0; i < _points.Length; i++)
        {
            var point = _points[i];
            var search = new Envelope(point.Coordinate);
            search.ExpandBy(radiusM);
            result[i] = tree.Query(search)
                .Where(c => c.Point.IsWithinDistance(point, radiusM))
                .Select(c => c.Facility.Id)
                .Order(StringComparer.Ordinal)
                .ToArray();
        }
        return result;
    }

    /// <summary>Population and covered population for the whole set and for each district, given each place's reach.</summary>
    public IReadOnlyList<(string Zone, long Population, long Covered)> Totals(string[][] reach, IReadOnlyList<string> districtOrder)
    {
        var rows = new List<(string, long, long)>();
        long all = 0, allCovered = 0;
        var byDistrict = districtOrder.ToDictionary(d => d, _ => (Population: 0L, Covered: 0L), StringComparer.Ordinal);
        for (var i = 0; i < _places.Count; i++)
        {
            var p = _places[i];
            var covered = reach[i].Length > 0 ? p.Population : 0;
            all += p.Population;
            allCovered += covered;
            var (pop, cov) = byDistrict.GetValueOrDefault(p.District);
            byDistrict[p.District] = (pop + p.Population, cov + covered);
        }
        rows.Add(("city", all, allCovered));
        rows.AddRange(districtOrder.Select(d => (d, byDistrict[d].Population, byDistrict[d].Covered)));
        return rows;
    }
}
