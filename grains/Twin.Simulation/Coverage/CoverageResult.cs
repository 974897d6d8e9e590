namespace Twin.Simulation.Coverage;

/// <summary>result.json of a coverage run: no wall time or run id, lists in a fixed order.</summary>
public sealed record CoverageResult(
    string Scenario,
    long Seed,
    int Year,
    string PopulationBase,
    IReadOnlyList<FacilitySetSummary> Facilities,
    IReadOnlyList<CoverageRow> Rows,
    WhatIfResult? WhatIf,
    IReadOnlyList<ReferenceComparison> Reference,
    IReadOnlyList<string> Attribution);

/// <summary>One facility set of the run: how many facilities, from where, and the gap to the city's count.</summary>
public sealed record FacilitySetSummary(
    string FacilityType, int RadiusM, int Count, int Known, int Approximated, int? CityCount, int? GapToCity, string Source);

/// <summary>A coverage row of the contract: people in the zone, those within the radius of a facility, and their share.</summary>
public sealed record CoverageRow(string FacilityType, int RadiusM, string Zone, int Year, long Population, long Covered, double SharePct);

/// <summary>The what-if: facilities added and closed in the first facility set, the rows after, and who loses or gains reach.</summary>
public sealed record WhatIfResult(
    string FacilityType,
    int RadiusM,
    IReadOnlyList<Facility> Added,
    IReadOnlyList<Facility> Removed,
    IReadOnlyList<CoverageRow> Rows,
    ReachChange Lost,
    ReachChange Gained);

/// <summary>People who lose (or gain) reach, in total and town by town (sorted by town id).</summary>
public sealed record ReachChange(long Population, IReadOnlyList<TownChange> Towns);

/// <summary>A town whose reach changed.</summary>
public sealed record TownChange(string Id, string Name, string District, int Population);

/// <summary>A row of the city's table side by side with ours (ours null where the data cannot give it), and why they differ.</summary>
public sealed record ReferenceComparison(
    string CityFacilityType,
    int? CityFacilityCount,
    int RadiusM,
    string Zone,
    string CityRegistryDate,
    long CityPopulation,
    long CityCovered,
    double CitySharePct,
    bool Computed,
    string? FacilityType,
    int? FacilityCount,
    int? Year,
    long? Population,
    long? Covered,
    double? SharePct,
    double? DifferencePts,
    string Explanation);
