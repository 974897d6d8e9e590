using System.Collections.Immutable;
using Twin.Catalog;

namespace Twin.Simulation.Coverage;

/// <summary>A kind of facility a run can measure reach to, with its default radius and where its points come from.</summary>
/// <param name="Name">The option value (<c>admin</c>).</param>
/// <param name="DefaultRadiusM">The radius used when the run gives none.</param>
/// <param name="Source">How the set is built, for the report.</param>
/// <param name="CityCount">How many the city counts, where the city's table says (80 administrative facilities).</param>
/// <param name="Facilities">The facilities, by id order within their source.</param>
public sealed record FacilitySet(string Name, int DefaultRadiusM, string Source, int? CityCount, ImmutableArray<Facility> Facilities)
{
    /// <summary>Facilities placed from the data as they are.</summary>
    public int Known => Facilities.Count(f => !f.Approximate);

    /// <summary>Facilities standing in for ones the data lacks.</summary>
    public int Approximated => Facilities.Count(f => f.Approximate);
}

/// <summary>The facility sets a coverage run knows, built from the catalog's embedded open data.</summary>
public static class FacilitySets
{
    /// <summary>The number of administrative facilities in the city's table (city hall, 6 service centres and the 地区センター).</summary>
    public const int CityAdministrativeFacilities = 80;

    private static readonly Lazy<ImmutableArray<FacilitySet>> Sets = new(Build);

    /// <summary>Every set, in the order the options list them.</summary>
    public static ImmutableArray<FacilitySet> All => Sets.Value;

    /// <summary>The set called <paramref name="name"/>, if any (case-insensitive).</summary>
    public static FacilitySet? Find(string name) => All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Every facility of every set, for naming one to add elsewhere (first set wins a shared id).</summary>
    public static IEnumerable<Facility> Everything => All.SelectMany(s => s.Facilities).DistinctBy(f => f.Id);

    private static ImmutableArray<FacilitySet> Build()
    {
        static Facility Of(PlacePoint p, bool approximate = false) =>
            new(p.Id, p.Name, p.District, p.Position.Lat, p.Position.Lon, approximate);

        var schools = PlanningData.SchoolsAndChildcare;
        var elementary = schools.Where(s => s.Category == "elementary_school").ToArray();
        // The data has city hall and the six service centres, not the ~73 地区センター (community centres) the city's
        // 80 include. A 地区 is in most places an elementary-school district, and its centre usually stands near the
        // school, so each elementary school stands in for one: 7 known + 66 approximated = 73, 7 short of 80.
        var admin = PlanningData.AdminOffices.Select(p => Of(p))
            .Concat(elementary.Select(s => new Facility(
                "centre-" + s.Id, s.Name.Replace("小学校", "", StringComparison.Ordinal) + "地区センター（推定：小学校の位置）",
                s.District, s.Position.Lat, s.Position.Lon, Approximate: true)))
            .ToImmutableArray();
        return
        [
            new FacilitySet("admin", 2000,
                "city hall and the 6 行政サービスセンター at their 町字 points (known), plus one 地区センター per elementary school, at the school (approximated)",
                CityAdministrativeFacilities, admin),
            new FacilitySet("schools", 1000, "the 66 municipal elementary schools (city open data)", null,
                [.. elementary.Select(s => Of(s))]),
            new FacilitySet("junior-high", 2000, "the 27 junior high schools (city open data)", null,
                [.. schools.Where(s => s.Category == "junior_high_school").Select(s => Of(s))]),
            new FacilitySet("childcare", 1000, "licensed and unlicensed nurseries and kindergartens (city and prefecture lists)", null,
                [.. schools.Where(s => s.Category is "nursery_licensed" or "nursery_unlicensed" or "kindergarten").Select(s => Of(s))]),
            new FacilitySet("stations", 500, "rail and tram stations (鉄道駅LOD, CC BY-SA 4.0), one point per name; 500 m as the city's 沿線 zones draw it", null,
                [.. PlanningData.Stations.Select(s => Of(s))]),
        ];
    }
}
