namespace Twin.Simulation.Flood;

/// <summary>result.json of a flood run.</summary>
public sealed record FloodResult(
    string Scenario,
    long Seed,
    IReadOnlyDictionary<string, string> Parameters,
    string Start,
    string End,
    int TickMinutes,
    FloodSummary Summary,
    IReadOnlyList<GaugeOutcome> Gauges,
    IReadOnlyList<RiseTravel> Rises,
    AlarmTally Alarms,
    Affected Affected,
    IReadOnlyList<string> Assumptions);

/// <summary>The numbers a planner compares between runs.</summary>
public sealed record FloodSummary(
    int Gauges,
    double RainfallPeakMmH,
    double RainfallTotalMmMean,
    int GaugesAtStandby,
    int GaugesAtCaution,
    int GaugesAtEvacuation,
    int GaugesAtDanger,
    int AlarmsRaised,
    int PopulationNearEvacuation,
    int TownsNearEvacuation);

/// <summary>One gauge's run: its thresholds as the run's rules saw them, its peak, and each warning level crossed and when.</summary>
public sealed record GaugeOutcome(
    string Id,
    string Name,
    string? Segment,
    string District,
    IReadOnlyDictionary<string, double> Thresholds,
    double StartLevelM,
    double PeakLevelM,
    string PeakAt,
    string WorstStatus,
    IReadOnlyList<Crossing> Crossings);

/// <summary>A warning level reached (by the production rules' verdict), first at <c>At</c>.</summary>
public sealed record Crossing(string Level, string NameJa, string At);

/// <summary>A warning level reached at one gauge and then at the next one downstream, and the minutes between.</summary>
public sealed record RiseTravel(string River, string Level, string From, string To, string FromAt, string ToAt, int Minutes);

/// <summary>People living near gauges that reached 避難判断水位 or above.</summary>
public sealed record Affected(double RadiusM, int Population, IReadOnlyList<AffectedTown> Towns, string Attribution);

/// <summary>A town point within the radius of such a gauge.</summary>
public sealed record AffectedTown(string Name, string District, int Population, double Lat, double Lon, string Gauge, string Level, double DistanceM);
