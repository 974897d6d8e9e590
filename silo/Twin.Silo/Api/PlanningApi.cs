using System.Globalization;
using Twin.Catalog;
using Twin.Silo.Auth;
using Twin.Simulation.Coverage;

namespace Twin.Silo.Api;

/// <summary>The planner's views in the control room: district populations 2005–2065 and facility coverage as a map layer.</summary>
public static class PlanningApi
{
    /// <summary>Maps <c>/api/planning/population</c> and <c>/api/planning/coverage</c>.</summary>
    public static IEndpointRouteBuilder MapPlanningApi(this IEndpointRouteBuilder app)
    {
        var planning = app.MapGroup("/api/planning").WithTags("Planning").RequireAuthorization(TwinPolicies.ReadAggregates);

        planning.MapGet("/population", (TwinCatalog catalog) =>
        {
            var years = catalog.Districts[0].Projection.Keys.ToArray();
            return TypedResults.Ok(new PopulationProjection(
                years,
                TownProjection.FirstYear,
                "富山市 人口推計報告書（2020年1月）: 2005–2015 actual, 2020–2065 projected",
                [.. catalog.Districts.Select(d => new DistrictProjection(d.Id, d.NameJa, d.NameEn, [.. years.Select(y => d.Projection[y])]))]));
        }).WithSummary("Each district's population 2005–2065 (actual to 2015, projected from 2020)");

        planning.MapGet("/coverage", (TwinCatalog catalog, string? year, string? facilities, string? radius) =>
        {
            var y = TownProjection.FirstYear;
            if (!string.IsNullOrWhiteSpace(year)
                && (!int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out y) || y is < TownProjection.FirstYear or > TownProjection.LastYear))
            {
                return Bad($"year must be a year from {TownProjection.FirstYear} to {TownProjection.LastYear}, not '{year}'.");
            }
            var set = FacilitySets.Find(string.IsNullOrWhiteSpace(facilities) ? "admin" : facilities.Trim());
            if (set is null)
            {
                return Bad($"facilities must be one of {string.Join(", ", FacilitySets.All.Select(s => s.Name))}, not '{facilities}'.");
            }
            var r = set.DefaultRadiusM;
            if (!string.IsNullOrWhiteSpace(radius)
                && (!int.TryParse(radius, NumberStyles.None, CultureInfo.InvariantCulture, out r) || r is < 1 or > 50_000))
            {
                return Bad($"radius must be whole metres from 1 to 50000, not '{radius}'.");
            }
            return Results.Text(CoverageCells.Layer(catalog, y, set, r).ToJsonString(), "application/geo+json");
        }).WithSummary("Covered and uncovered people per 500 m cell for a year (2020–2065), a facility set and a radius (metres)");

        return app;
    }

    private static IResult Bad(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad coverage request", detail: detail);
}

/// <summary>Each district's population by year: actual to 2015, projected from <paramref name="ProjectedFrom"/>.</summary>
/// <param name="Years">The years, 2005–2065 in five-year steps.</param>
/// <param name="ProjectedFrom">The first projected year.</param>
/// <param name="Source">Where the figures come from.</param>
/// <param name="Districts">The seven districts in DESIGN.md order.</param>
public sealed record PopulationProjection(int[] Years, int ProjectedFrom, string Source, IReadOnlyList<DistrictProjection> Districts);

/// <summary>One district's people in each of <see cref="PopulationProjection.Years"/>.</summary>
public sealed record DistrictProjection(string Id, string NameJa, string NameEn, int[] Population);
