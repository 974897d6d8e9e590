using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using Twin.Catalog;

namespace Twin.Simulation.Coverage;

/// <summary>
/// <c>coverage</c>: the share of people within reach of a facility set in a year 2020–2065, for the city and each
/// district; a what-if (facilities added or closed) with the people who lose or gain reach; and the city's own
/// coverage table side by side with what the data lets us compute.
/// </summary>
public sealed class CoverageScenario : ISimulationScenario
{
    /// <summary>The year the towns' people are projected to.</summary>
    public static readonly ScenarioOption Year = new("year", "2020",
        "year 2020–2065: each town's 2020-09 registry people scaled to its district's projection (2020 is the projection's first year and the registry's)");

    /// <summary>The facility sets to measure.</summary>
    public static readonly ScenarioOption Facilities = new("facilities", "admin",
        "comma list of admin|schools|junior-high|childcare|stations");

    /// <summary>The radius, or each set's own.</summary>
    public static readonly ScenarioOption Radius = new("radius", "auto",
        "metres; auto = each set's own (admin 2000 and 500 for stations as the city's table and zones; schools 1000, junior-high 2000, childcare 1000)");

    /// <summary>What-if: facilities to add to the first set.</summary>
    public static readonly ScenarioOption Add = new("add", "",
        "what-if, first set: new facilities as lat,lon;lat,lon or names/ids of known places (e.g. 富山駅)");

    /// <summary>What-if: facilities to close in the first set.</summary>
    public static readonly ScenarioOption Remove = new("remove", "",
        "what-if, first set: facilities to close, by id or name, ;-separated (e.g. office-4 or 婦中行政サービスセンター)");

    // The reference comparison is always made at 2020: the year nearest the city's registry dates (2017-06, 2020-06).
    private const int ReferenceYear = 2020;

    // A new facility must lie in or near the city (its bounding box with a margin of ~5 km).
    private const double MinLat = 36.35, MaxLat = 36.85, MinLon = 136.95, MaxLon = 137.55;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    private readonly TwinCatalog _catalog = TwinCatalog.Load();

    /// <inheritdoc />
    public string Name => "coverage";

    /// <inheritdoc />
    public string Description => "Share of people within reach of offices, schools or stations in a year 2020–2065, with what-ifs and the city's own table";

    /// <inheritdoc />
    public IReadOnlyList<ScenarioOption> Options { get; } = [Year, Facilities, Radius, Add, Remove];

    /// <inheritdoc />
    public Task<SimulationOutput> RunAsync(SimulationRequest request, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        // Parse before going to the pool, so a bad parameter fails the call itself.
        var plan = Parse(request);
        return Task.Run(() => Run(request, plan, progress, cancellationToken), cancellationToken);
    }

    private sealed record Plan(int Year, ImmutableArray<(FacilitySet Set, int RadiusM)> Sets, string Add, string Remove);

    private static Plan Parse(SimulationRequest request)
    {
        var yearText = request.Get(Year).Trim();
        if (!int.TryParse(yearText, NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || year is < TownProjection.FirstYear or > TownProjection.LastYear)
        {
            throw new ScenarioParameterException(Year.Name, $"year must be a year from {TownProjection.FirstYear} to {TownProjection.LastYear}, not '{yearText}'.");
        }
        var names = request.Get(Facilities).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length == 0)
        {
            throw new ScenarioParameterException(Facilities.Name, "facilities needs at least one of " + KnownSets + ".");
        }
        var radiusText = request.Get(Radius).Trim();
        int? radius = null;
        if (!string.Equals(radiusText, "auto", StringComparison.OrdinalIgnoreCase))
        {
            if (!double.TryParse(radiusText, NumberStyles.Float, CultureInfo.InvariantCulture, out var r) || r is < 1 or > 50_000 || r != Math.Floor(r))
            {
                throw new ScenarioParameterException(Radius.Name, $"radius must be whole metres from 1 to 50000, or auto, not '{radiusText}'.");
            }
            radius = (int)r;
        }
        var sets = ImmutableArray.CreateBuilder<(FacilitySet, int)>();
        foreach (var name in names.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var set = FacilitySets.Find(name)
                ?? throw new ScenarioParameterException(Facilities.Name, $"unknown facility set '{name}'; known: {KnownSets}.");
            sets.Add((set, radius ?? set.DefaultRadiusM));
        }
        return new Plan(year, sets.ToImmutable(), request.Get(Add), request.Get(Remove));
    }

    private static string KnownSets => string.Join(", ", FacilitySets.All.Select(s => s.Name));

    private SimulationOutput Run(SimulationRequest request, Plan plan, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        var districtIds = _catalog.Districts.Select(d => d.Id).ToArray();
        var towns = TownProjection.Towns(_catalog, PlanningData.Towns, plan.Year);
        var calculator = new CoverageCalculator(towns);
        var steps = plan.Sets.Length + 2.0;
        var done = 0;

        var rows = new List<CoverageRow>();
        var summaries = new List<FacilitySetSummary>();
        var reaches = new List<string[][]>();
        foreach (var (set, radius) in plan.Sets)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var reach = calculator.Reach(set.Facilities, radius);
            reaches.Add(reach);
            rows.AddRange(Rows(calculator, reach, districtIds, set.Name, radius, plan.Year));
            summaries.Add(new FacilitySetSummary(set.Name, radius, set.Facilities.Length, set.Known, set.Approximated,
                set.CityCount, set.CityCount - set.Facilities.Length, set.Source));
            progress?.Report(++done / steps);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var (primary, primaryRadius) = plan.Sets[0];
        var whatIf = WhatIf(calculator, reaches[0], primary, primaryRadius, plan, districtIds);
        progress?.Report(++done / steps);

        var reference = Reference(districtIds);
        progress?.Report(1);

        var result = new CoverageResult(
            Name,
            request.Seed,
            plan.Year,
            "resident registry 2020-09-30 by town (1,448 町丁), scaled to each district's projection for the year (population_projection.csv)",
            summaries,
            rows,
            whatIf,
            reference,
            TwinCatalog.Attributions);
        var resultJson = JsonSerializer.Serialize(result, Json) + "\n";
        var csv = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["coverage.csv"] = CoverageCsv(rows, whatIf),
            ["towns.csv"] = TownsCsv(towns, plan, reaches),
            ["reference.csv"] = ReferenceCsv(reference),
            ["population.csv"] = PopulationCsv(),
        };
        var affected = Affected(towns, reaches[0], whatIf, primary.Name);
        return new SimulationOutput(resultJson, csv, CoverageReport.Html(result, _catalog.Districts), affected);
    }

    private static IEnumerable<CoverageRow> Rows(
        CoverageCalculator calculator, string[][] reach, IReadOnlyList<string> districtIds, string type, int radius, int year) =>
        calculator.Totals(reach, districtIds).Select(t => new CoverageRow(type, radius, t.Zone, year, t.Population, t.Covered, Share(t.Covered, t.Population)));

    private static double Share(long covered, long population) =>
        population == 0 ? 0 : Math.Round(100.0 * covered / population, 2, MidpointRounding.AwayFromZero);

    private WhatIfResult? WhatIf(
        CoverageCalculator calculator, string[][] before, FacilitySet set, int radius, Plan plan, IReadOnlyList<string> districtIds)
    {
        var removeNames = plan.Remove.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var addNames = plan.Add.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (removeNames.Length == 0 && addNames.Length == 0)
        {
            return null;
        }
        var removed = new List<Facility>();
        foreach (var name in removeNames)
        {
            var found = set.Facilities.FirstOrDefault(f => Matches(f, name))
                ?? throw new ScenarioParameterException(Remove.Name,
                    $"no facility '{name}' in the {set.Name} set; give an id (e.g. {set.Facilities[0].Id}) or an exact name.");
            if (!removed.Contains(found))
            {
                removed.Add(found);
            }
        }
        var added = new List<Facility>();
        foreach (var name in addNames)
        {
            if (set.Facilities.Any(f => Matches(f, name)) && !removed.Any(r => Matches(r, name)))
            {
                throw new ScenarioParameterException(Add.Name, $"'{name}' is already in the {set.Name} set.");
            }
            added.Add(ParseAdded(name, added.Count + 1));
        }
        var after = set.Facilities.Where(f => !removed.Contains(f)).Concat(added).ToArray();
        var reach = calculator.Reach(after, radius);
        var lost = new List<TownChange>();
        var gained = new List<TownChange>();
        for (var i = 0; i < reach.Length; i++)
        {
            var town = calculator.Places[i];
            if (town.Population == 0 || (before[i].Length > 0) == (reach[i].Length > 0))
            {
                continue;
            }
            (reach[i].Length == 0 ? lost : gained).Add(new TownChange(town.Id, town.Name, town.District, town.Population));
        }
        return new WhatIfResult(
            set.Name,
            radius,
            [.. added.OrderBy(f => f.Id, StringComparer.Ordinal)],
            [.. removed.OrderBy(f => f.Id, StringComparer.Ordinal)],
            [.. Rows(calculator, reach, districtIds, set.Name, radius, plan.Year)],
            new ReachChange(lost.Sum(t => (long)t.Population), [.. lost.OrderBy(t => t.Id, StringComparer.Ordinal)]),
            new ReachChange(gained.Sum(t => (long)t.Population), [.. gained.OrderBy(t => t.Id, StringComparer.Ordinal)]));
    }

    private static bool Matches(Facility f, string name) =>
        string.Equals(f.Id, name, StringComparison.OrdinalIgnoreCase) || string.Equals(f.Name, name, StringComparison.Ordinal);

    private Facility ParseAdded(string text, int n)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length == 2
            && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var lat)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var lon))
        {
            if (lat is < MinLat or > MaxLat || lon is < MinLon or > MaxLon)
            {
                throw new ScenarioParameterException(Add.Name,
                    string.Create(CultureInfo.InvariantCulture, $"({lat}, {lon}) is not in Toyama City (lat {MinLat}–{MaxLat}, lon {MinLon}–{MaxLon})."));
            }
            return new Facility(string.Create(CultureInfo.InvariantCulture, $"new-{n}"),
                string.Create(CultureInfo.InvariantCulture, $"新設 {n} ({lat:0.######}, {lon:0.######})"),
                _catalog.DistrictOf(lat, lon), lat, lon, Approximate: false);
        }
        var known = FacilitySets.Everything.FirstOrDefault(f => Matches(f, text))
            ?? throw new ScenarioParameterException(Add.Name,
                $"'{text}' is neither lat,lon nor the id or name of a known place (an office, school, nursery or station).");
        return known with { Id = "new-" + known.Id };
    }

    private static List<ReferenceComparison> Reference(IReadOnlyList<string> districtIds)
    {
        var catalog = TwinCatalog.Load();
        var towns = TownProjection.Towns(catalog, PlanningData.Towns, ReferenceYear);
        var calculator = new CoverageCalculator(towns);
        var admin = FacilitySets.Find("admin")!;
        var list = new List<ReferenceComparison>();
        foreach (var row in CityCoverageTable.Rows)
        {
            var registry = row.FacilityType is "administrative_office" or "community_care_center" ? "2017-06-30" : "2020-06-30";
            var cityCovered = row.PopulationWithin;
            if (row.FacilityType == "administrative_office" && row.Zone == "city")
            {
                var reach = calculator.Reach(admin.Facilities, row.RadiusM);
                var (_, population, covered) = calculator.Totals(reach, districtIds)[0];
                var share = Share(covered, population);
                list.Add(new ReferenceComparison(row.FacilityType, row.FacilityCount, row.RadiusM, row.Zone, registry,
                    row.PopulationTotal, cityCovered, row.SharePct, true, admin.Name, admin.Facilities.Length, ReferenceYear,
                    population, covered, share, Math.Round(share - row.SharePct, 2, MidpointRounding.AwayFromZero),
                    AdminExplanation(admin, share - row.SharePct)));
                continue;
            }
            var why = row.FacilityType switch
            {
                "community_care_center" => "Not computed: the data has no 地域包括支援センター locations (the city counts 32).",
                "food_store" => "Not computed: the data has no food store locations.",
                "clinic" => "Not computed: the data has no clinic locations.",
                _ => "Not computed: the data has no polygons of the 都心地区 or the 沿線居住推進地区, so this zone cannot be drawn.",
            };
            list.Add(new ReferenceComparison(row.FacilityType, row.FacilityCount, row.RadiusM, row.Zone, registry,
                row.PopulationTotal, cityCovered, row.SharePct, false, null, null, null, null, null, null, null, why));
        }
        return list;
    }

    private static string AdminExplanation(FacilitySet admin, double difference)
    {
        var direction = difference < 0
            ? "fewer facilities and one point per town both leave some outlying people out of reach, so our share is lower."
            : "one point per town puts whole towns in reach whose outlying houses the city counted as out of reach, so our share is higher.";
        return string.Create(CultureInfo.InvariantCulture,
            $"Registry date: the city counted residents on 2017-06-30 at their addresses; we count the 2020-09-30 registry scaled to the 2020 projection, each town's people at one point (295 通称 rows at their 地区 centroid). Facilities: the city's {admin.CityCount} against our {admin.Facilities.Length} — {admin.Known} known offices at their 町字 points, not the buildings, and {admin.Approximated} 地区センター approximated by the elementary schools, {admin.CityCount - admin.Facilities.Length} fewer than the city's; {direction}");
    }

    private static string CoverageCsv(List<CoverageRow> rows, WhatIfResult? whatIf)
    {
        var sb = new StringBuilder("case,facilityType,radiusM,zone,year,population,covered,sharePct\n");
        foreach (var (name, list) in new[] { ("baseline", (IReadOnlyList<CoverageRow>)rows), ("what-if", whatIf?.Rows ?? []) })
        {
            foreach (var r in list)
            {
                sb.Append(CultureInfo.InvariantCulture, $"{name},{r.FacilityType},{r.RadiusM},{r.Zone},{r.Year},{r.Population},{r.Covered},{r.SharePct}\n");
            }
        }
        return sb.ToString();
    }

    private static string TownsCsv(IReadOnlyList<PopulatedPlace> towns, Plan plan, List<string[][]> reaches)
    {
        var sb = new StringBuilder("townId,name,district,population");
        foreach (var (set, _) in plan.Sets)
        {
            sb.Append(CultureInfo.InvariantCulture, $",{set.Name}Within");
        }
        sb.Append('\n');
        for (var i = 0; i < towns.Count; i++)
        {
            var t = towns[i];
            sb.Append(CultureInfo.InvariantCulture, $"{t.Id},{Csv(t.Name)},{t.District},{t.Population}");
            foreach (var reach in reaches)
            {
                sb.Append(CultureInfo.InvariantCulture, $",{reach[i].Length}");
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }

    private static string ReferenceCsv(List<ReferenceComparison> rows)
    {
        var sb = new StringBuilder("cityFacilityType,radiusM,zone,cityRegistryDate,citySharePct,computed,facilityType,year,population,covered,sharePct,differencePts,explanation\n");
        foreach (var r in rows)
        {
            sb.Append(CultureInfo.InvariantCulture,
                $"{r.CityFacilityType},{r.RadiusM},{r.Zone},{r.CityRegistryDate},{r.CitySharePct},{(r.Computed ? "true" : "false")},{r.FacilityType},{r.Year},{r.Population},{r.Covered},{r.SharePct},{r.DifferencePts},{Csv(r.Explanation)}\n");
        }
        return sb.ToString();
    }

    private string PopulationCsv()
    {
        var years = _catalog.Districts[0].Projection.Keys.ToArray();
        var sb = new StringBuilder("district," + string.Join(',', years.Select(y => y.ToString(CultureInfo.InvariantCulture))) + "\n");
        foreach (var d in _catalog.Districts)
        {
            sb.Append(d.Id).Append(',').AppendJoin(',', years.Select(y => d.Projection[y].ToString(CultureInfo.InvariantCulture))).Append('\n');
        }
        return sb.ToString();
    }

    private static string Csv(string text) =>
        text.Contains(',') || text.Contains('"') ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;

    private static string Affected(IReadOnlyList<PopulatedPlace> towns, string[][] reach, WhatIfResult? whatIf, string type)
    {
        var byId = towns.ToDictionary(t => t.Id, StringComparer.Ordinal);
        IEnumerable<(PopulatedPlace Town, string Change)> picked = whatIf is null
            ? towns.Select((t, i) => (t, i)).Where(x => x.t.Population > 0 && reach[x.i].Length == 0).Select(x => (x.t, "uncovered"))
            : whatIf.Lost.Towns.Select(t => (byId[t.Id], "lost")).Concat(whatIf.Gained.Towns.Select(t => (byId[t.Id], "gained")));
        var features = new JsonArray();
        foreach (var (town, change) in picked.OrderBy(x => x.Town.Id, StringComparer.Ordinal))
        {
            var properties = new JsonObject
            {
                ["id"] = town.Id,
                ["name"] = town.Name,
                ["district"] = town.District,
                ["population"] = town.Population,
                ["facilityType"] = type,
                ["change"] = change,
            };
            features.Add(CoverageCells.Feature(town.Id, properties, new JsonObject
            {
                ["type"] = "Point",
                ["coordinates"] = new JsonArray(town.Lon, town.Lat),
            }));
        }
        var root = new JsonObject
        {
            ["type"] = "FeatureCollection",
            ["attribution"] = string.Join(" / ", TwinCatalog.Attributions.Take(3)),
            ["features"] = features,
        };
        return root.ToJsonString(Json) + "\n";
    }
}
