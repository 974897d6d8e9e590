using System.Text.Json;
using Twin.Grains.Abstractions;
using Twin.Grains.Abstractions.Alarms;

namespace Twin.Simulation;

/// <summary>Alarms the production rules raised in a run (none sent): by type, raised per hour of the run, and each one.</summary>
public sealed record AlarmTally(
    IReadOnlyDictionary<string, int> ByType,
    IReadOnlyList<int> PerHour,
    IReadOnlyList<AlarmOutcome> List)
{
    /// <summary>Tallies a run's alarms, sorted by when raised, source and type (ids are left out: they are not deterministic).</summary>
    public static AlarmTally From(IEnumerable<Alarm> alarms, DateTimeOffset start, int hours)
    {
        var sorted = alarms
            .OrderBy(a => a.RaisedAt).ThenBy(a => a.Source, StringComparer.Ordinal).ThenBy(a => a.Type, StringComparer.Ordinal)
            .ToList();
        var perHour = new int[hours];
        foreach (var a in sorted)
        {
            var h = (int)Math.Floor((a.RaisedAt - start).TotalHours);
            if (h >= 0 && h < hours)
            {
                perHour[h]++;
            }
        }
        return new AlarmTally(
            new SortedDictionary<string, int>(sorted.GroupBy(a => a.Type).ToDictionary(g => g.Key, g => g.Count()), StringComparer.Ordinal),
            perHour,
            [.. sorted.Select(a => new AlarmOutcome(
                SimulationJson.Jst(a.RaisedAt), a.Type, a.Source, a.District, a.Severity.ToWire(),
                JsonNamingPolicy.KebabCaseLower.ConvertName(a.State.ToString()),
                a.ClearedAt is { } c ? SimulationJson.Jst(c) : null, a.Transitions.Length))]);
    }
}

/// <summary>One alarm as the run's alarm store holds it.</summary>
public sealed record AlarmOutcome(string RaisedAt, string Type, string Source, string District, string Severity, string State, string? ClearedAt, int Transitions);
