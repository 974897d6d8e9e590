using Twin.Catalog;

namespace Twin.Simulation.Coverage;

/// <summary>
/// Town populations for a year 2020–2065: the district's projection (population_projection.csv, linear between
/// its five-year steps) shared out over the district's towns in proportion to the resident registry of 2020-09,
/// by largest remainders, so the towns of a district add up to its projection exactly.
/// </summary>
public static class TownProjection
{
    /// <summary>The first and last years a run may ask for.</summary>
    public const int FirstYear = 2020, LastYear = 2065;

    /// <summary>The district's projected people in <paramref name="year"/>, linear between the table's five-year steps, rounded.</summary>
    public static int DistrictPopulation(District district, int year)
    {
        ArgumentNullException.ThrowIfNull(district);
        if (district.Projection.TryGetValue(year, out var exact))
        {
            return exact;
        }
        var below = district.Projection.Keys.Where(y => y < year).DefaultIfEmpty(district.Projection.Keys.First()).Max();
        var above = district.Projection.Keys.Where(y => y > year).DefaultIfEmpty(district.Projection.Keys.Last()).Min();
        if (below == above)
        {
            return district.Projection[below];
        }
        var t = (year - below) / (double)(above - below);
        return (int)Math.Round(district.Projection[below] + t * (district.Projection[above] - district.Projection[below]), MidpointRounding.AwayFromZero);
    }

    /// <summary>Every registry town with its people in <paramref name="year"/>, in the data file's order.</summary>
    public static IReadOnlyList<PopulatedPlace> Towns(TwinCatalog catalog, IReadOnlyList<TownPoint> towns, int year)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(towns);
        ArgumentOutOfRangeException.ThrowIfLessThan(year, FirstYear);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, LastYear);
        var people = new int[towns.Count];
        foreach (var district in catalog.Districts)
        {
            var members = Enumerable.Range(0, towns.Count).Where(i => towns[i].District == district.Id).ToArray();
            Share(DistrictPopulation(district, year), members, towns, people);
        }
        return towns.Select((t, i) => new PopulatedPlace(t.Id, t.Name, t.District, t.Position.Lat, t.Position.Lon, people[i])).ToArray();
    }

    private static void Share(int target, int[] members, IReadOnlyList<TownPoint> towns, int[] people)
    {
        long weight = members.Sum(i => (long)towns[i].Population2020);
        if (weight == 0)
        {
            return;
        }
        var remainders = new List<(int Index, long Remainder)>(members.Length);
        long given = 0;
        foreach (var i in members)
        {
            var q = (long)target * towns[i].Population2020;
            people[i] = (int)(q / weight);
            given += people[i];
            remainders.Add((i, q % weight));
        }
        // The people left over go one each to the largest remainders; ties to the earlier town, so the result is fixed.
        foreach (var (index, _) in remainders.OrderByDescending(r => r.Remainder).ThenBy(r => r.Index).Take((int)(target - given)))
        {
            people[index]++;
        }
    }
}
