namespace Twin.Simulation.Snowstorm;

/// <summary>result.json of a snowstorm run.</summary>
public sealed record SnowstormResult(
    string Scenario,
    long Seed,
    IReadOnlyDictionary<string, string> Parameters,
    string Start,
    string End,
    int TickMinutes,
    SnowstormSummary Summary,
    IReadOnlyList<DistrictHours> Districts,
    IReadOnlyList<PumpFault> Faults,
    AlarmTally Alarms,
    IReadOnlyList<string> Assumptions);

/// <summary>The numbers a planner compares between runs.</summary>
public sealed record SnowstormSummary(
    int Pumps,
    double SnowfallTotalCmMean,
    int Faults,
    int FaultsLearnedByTwin,
    double TwinMedianMinutesToLearn,
    int FaultsLearnedByCall,
    double CallMedianMinutesToLearn,
    int FaultsUnnoticedWithoutTwin,
    double PumpHoursLostWithTwin,
    double PumpHoursLostWithCalls,
    double LowestAvailabilityPct,
    int AlarmsRaised);

/// <summary>A district hour by hour: pumps needed (snowing), running and available as the twin's pump grains report them, and alarms raised.</summary>
public sealed record DistrictHours(string District, int Pumps, IReadOnlyList<int> Demand, IReadOnlyList<int> Running, IReadOnlyList<int> Available, IReadOnlyList<double> AvailabilityPct, IReadOnlyList<int> Alarms);

/// <summary>One fault drawn in the run, and when it was learned of: by the twin's alarm, and by a citizen's call in the city's past practice.</summary>
public sealed record PumpFault(string Pump, string District, string Lamp, string At, string? TwinAlarm, string? TwinLearnedAt, double? TwinMinutes, string? CallLearnedAt, double? CallMinutes);
