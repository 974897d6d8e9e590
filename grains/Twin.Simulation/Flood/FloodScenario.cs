using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Twin.Catalog;
using Twin.Grains.Abstractions;
using Twin.Grains.Abstractions.Alarms;
using Twin.Grains.Rules;
using Twin.Simulation.Reports;
using Twin.Simulation.Sandbox;

namespace Twin.Simulation.Flood;

/// <summary>
/// A flood run: rainfall (a preset varied by the seed, or a CSV) → a tank model per gauge catchment → levels fed as
/// readings, one a minute, into the production river-gauge grains of a sandbox silo → the warning levels their rules
/// decide, the alarms they raise, rises travelling downstream, and the people living near gauges at 避難判断水位 or above.
/// </summary>
public sealed class FloodScenario(TwinCatalog catalog, ILoggerFactory loggerFactory) : ISimulationScenario
{
    /// <summary>Where the town population points come from; shown wherever they are shown.</summary>
    private const string TownAttribution = "富山市オープンデータ（町丁別人口）, Code for Toyama City 加工, 位置: Geolonia 住所データ";

    private static readonly (TwinStatus Status, string Level, string Key)[] Levels =
    [
        (TwinStatus.Advisory, "standby", "standby_m"),
        (TwinStatus.Warning, "caution", "caution_m"),
        (TwinStatus.Alarm, "evacuation", "evacuation_m"),
        (TwinStatus.Critical, "danger", "danger_m"),
    ];

    public string Name => "flood";

    public string Description => "Rainfall → tank model per gauge catchment → levels through the production gauge rules: warning levels crossed, alarms, rises downstream, people near gauges at 避難判断水位.";

    public IReadOnlyList<ScenarioOption> Options { get; } =
    [
        new("hours", "24", "Hours to simulate (1–168), at one-minute ticks."),
        new("rain", "normals", "Rainfall preset: normals (the start month's climate normals), cloudburst (50 mm/h for an hour), frontal (a three-day front, ~300 mm)."),
        new("rain-csv", "", "A rainfall CSV (minute,mm_h or minute,<district>,…) used instead of the preset; not varied by the seed.") { IsFile = true },
        new("rain-scale", "1", "Multiplies every rainfall intensity (0–10)."),
        new("start", "2026-07-10T00:00+09:00", "When the run starts (ISO-8601 with offset); the normals preset and the spin-up use its month."),
        new("radius-m", "1000", "Radius (m) around a gauge at 避難判断水位 or above within which town population counts as affected."),
        new("thresholds", "", "Override gauge thresholds for the run: 'rg-ida-02:caution_m=2.0;rg-ida-02:evacuation_m=2.5' (keys as in the catalog)."),
    ];

    public async Task<SimulationOutput> RunAsync(SimulationRequest request, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        var (p, hours, start, radius, scale, runCatalog) = Parse(request);
        var minutes = hours * 60;
        var districts = catalog.Districts.Select(d => d.Id).ToList();
        var rain = await p.FileTextAsync("rain-csv", cancellationToken) is { } csv
            ? Rainfall.FromCsv(csv, districts, minutes, scale)
            : Rainfall.FromPreset(p.Choice("rain", Rainfall.Presets), districts, minutes, start, request.Seed, scale);

        // The river's physics follow the city's own thresholds; an override changes only what the rules decide.
        var network = new RiverNetwork(catalog, start.ToOffset(TimeSpan.FromHours(9)).Month);
        var model = network.Levels(rain, minutes);
        var gauges = network.Gauges.Select(g => runCatalog.TryGetDevice(g.Id, out var info) ? info : g).OrderBy(g => g.Id, StringComparer.Ordinal).ToList();
        var noise = new SeededRandom(request.Seed, "gauge-noise");
        var fed = gauges.ToDictionary(g => g.Id, g => new double[minutes], StringComparer.Ordinal);
        for (var m = 0; m < minutes; m++)
        {
            foreach (var g in gauges)
            {
                // Sensor noise of ±3 mm (a real gauge never reads the same to the millimetre for hours; the stuck rule knows that).
                fed[g.Id][m] = Math.Round(model[g.Id][m] + noise.Between(-0.003, 0.003), 3);
            }
        }

        var worst = gauges.ToDictionary(g => g.Id, _ => TwinStatus.Unknown, StringComparer.Ordinal);
        var firstAt = gauges.ToDictionary(g => g.Id, _ => new Dictionary<TwinStatus, DateTimeOffset>(), StringComparer.Ordinal);
        var clock = new SimulationClock(start);
        IReadOnlyList<Alarm> alarms;
        await using (var silo = await SandboxSilo.StartAsync(runCatalog, clock, loggerFactory, cancellationToken))
        {
            var grains = gauges.ToDictionary(g => g.Id, g => silo.Grains.GetGrain<IRiverGaugeGrain>(g.Id), StringComparer.Ordinal);
            var ticks = new TickProgress(progress, minutes);
            for (var m = 0; m < minutes; m++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var now = start.AddMinutes(m);
                clock.AdvanceTo(now);
                await Task.WhenAll(gauges.Select(async g =>
                {
                    var reading = new Reading(now, m + 1, ImmutableDictionary<string, double>.Empty.Add("level_m", fed[g.Id][m]));
                    await silo.History.AppendAsync(new HistoryRecord(g.Id, now, m + 1, reading, now), cancellationToken);
                    await grains[g.Id].ApplyAsync(reading);
                    var snapshot = await grains[g.Id].GetAsync();
                    if (snapshot.Status > worst[g.Id])
                    {
                        worst[g.Id] = snapshot.Status;
                    }
                    foreach (var (status, _, _) in Levels)
                    {
                        // Standby is taken from the river-level alarm below: a rapid rise alone also shows advisory.
                        if (status > TwinStatus.Advisory && snapshot.Status >= status)
                        {
                            firstAt[g.Id].TryAdd(status, now);
                        }
                    }
                }));
                ticks.Done(m);
            }
            alarms = await silo.AllAlarmsAsync(cancellationToken);
        }
        foreach (var a in alarms.Where(a => a.Type == AlarmTypes.RiverLevel))
        {
            if (!firstAt[a.Source].TryGetValue(TwinStatus.Advisory, out var at) || a.RaisedAt < at)
            {
                firstAt[a.Source][TwinStatus.Advisory] = a.RaisedAt;
            }
        }

        var outcomes = gauges.Select(g =>
        {
            var series = fed[g.Id];
            var peak = 0;
            for (var m = 1; m < minutes; m++)
            {
                if (series[m] > series[peak])
                {
                    peak = m;
                }
            }
            return new GaugeOutcome(g.Id, g.Name, g.Segment, g.District,
                new SortedDictionary<string, double>(g.Thresholds.ToDictionary(t => t.Key, t => t.Value), StringComparer.Ordinal),
                series[0], series[peak], SimulationJson.Jst(start.AddMinutes(peak)), worst[g.Id].ToWire(),
                [.. Levels.Where(l => firstAt[g.Id].ContainsKey(l.Status))
                    .Select(l => new Crossing(l.Level, RiverGaugeRules.LevelName(l.Status), SimulationJson.Jst(firstAt[g.Id][l.Status])))]);
        }).ToList();

        var rises = new List<RiseTravel>();
        foreach (var river in catalog.Segments.GroupBy(s => s.River).OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            var chain = river.SelectMany(s => s.GaugeIds).ToList();
            for (var i = 1; i < chain.Count; i++)
            {
                foreach (var (status, level, _) in Levels)
                {
                    if (firstAt[chain[i - 1]].TryGetValue(status, out var up) && firstAt[chain[i]].TryGetValue(status, out var down))
                    {
                        rises.Add(new RiseTravel(river.Key, level, chain[i - 1], chain[i], SimulationJson.Jst(up), SimulationJson.Jst(down), (int)(down - up).TotalMinutes));
                    }
                }
            }
        }

        var evacuating = outcomes.Where(o => worst[o.Id] >= TwinStatus.Alarm).Select(o => gauges.First(g => g.Id == o.Id)).ToList();
        var towns = new List<AffectedTown>();
        foreach (var town in PlanningData.Towns)
        {
            var nearest = evacuating
                .Select(g => (Gauge: g, D: Twin.Grains.Rules.Geo.DistanceM(town.Position.Lat, town.Position.Lon, g.Position.Lat, g.Position.Lon)))
                .Where(x => x.D <= radius)
                .OrderBy(x => x.D).ThenBy(x => x.Gauge.Id, StringComparer.Ordinal)
                .FirstOrDefault();
            if (nearest.Gauge is not null)
            {
                towns.Add(new AffectedTown(town.Name, town.District, town.Population2026, town.Position.Lat, town.Position.Lon, nearest.Gauge.Id,
                    worst[nearest.Gauge.Id].ToWire(), Math.Round(nearest.D, 0)));
            }
        }
        towns = [.. towns.OrderBy(t => t.Gauge, StringComparer.Ordinal).ThenBy(t => t.DistanceM).ThenBy(t => t.Name, StringComparer.Ordinal)];
        var affected = new Affected(radius, towns.Sum(t => t.Population), towns, TownAttribution);

        var tally = AlarmTally.From(alarms, start, hours);
        var summary = new FloodSummary(
            gauges.Count,
            Math.Round(rain.Districts.Max(d => rain.Series(d).Max()), 2),
            Math.Round(rain.Districts.Average(d => rain.Series(d).Sum() / 60), 1),
            outcomes.Count(o => firstAt[o.Id].ContainsKey(TwinStatus.Advisory)),
            outcomes.Count(o => worst[o.Id] >= TwinStatus.Warning),
            outcomes.Count(o => worst[o.Id] >= TwinStatus.Alarm),
            outcomes.Count(o => worst[o.Id] >= TwinStatus.Critical),
            alarms.Count,
            affected.Population,
            towns.Count);
        var result = new FloodResult(Name, request.Seed, p.Effective(), SimulationJson.Jst(start), SimulationJson.Jst(start.AddHours(hours)), 1,
            summary, outcomes, rises, tally, affected, Assumptions);

        return new SimulationOutput(
            SimulationJson.Serialize(result),
            new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                ["levels.csv"] = LevelsCsv(gauges, fed, start, minutes),
                ["rainfall.csv"] = RainCsv(rain, start, minutes),
            },
            Report(result, fed, gauges, rain, start, minutes),
            AffectedGeoJson(outcomes, gauges, towns));
    }

    public void Validate(SimulationRequest request) => Parse(request).P.PresetUnlessFile("rain", "rain-csv", Rainfall.Presets);

    private (ScenarioParameters P, int Hours, DateTimeOffset Start, double Radius, double Scale, TwinCatalog Catalog) Parse(SimulationRequest request)
    {
        var p = new ScenarioParameters(request, Options);
        p.RejectUnknown();
        return (p, p.Integer("hours", 1, 168), p.Time("start"), p.Number("radius-m", 50, 10_000), p.Number("rain-scale", 0, 10), WithOverrides(p.Text("thresholds")));
    }

    /// <summary>What the model assumes, carried into result.json and the report.</summary>
    public static readonly IReadOnlyList<string> Assumptions =
    [
        "Catchment areas, tank-model parameters (Sugawara's series four-tank structure) and the discharge at はん濫危険水位 per gauge are assumed (Data/catchments.csv, Data/tank_model.csv); not calibrated on Toyama's gauges.",
        "Rating curve per gauge: level = h0 + c·√Q through 45 % of 水防団待機水位 at the baseflow after a five-day spin-up on the month's normal rain, and through はん濫危険水位 at the assumed discharge (assumed).",
        "Flood waves travel between gauges at 2 m/s (assumed); the Yamada joins the Ida, the Ida joins the Jinzu above 有沢.",
        "Rain presets: normals = the start month's 1989–2020 normal precipitation per day in 2–4 showers (the seed draws them); cloudburst = 50 mm/h for an hour over one district (the seed picks which and when), 20–60 % of it elsewhere; frontal = a three-day front, ~2.5 mm/h with two bands of 10–20 mm/h (the seed draws them). Mountain districts get 1.1–1.25× the rain (assumed).",
        "Gauge readings carry ±3 mm of seeded noise; levels, warning levels and alarms are decided by the production river-gauge grains and rules in a sandbox silo; nothing is sent.",
    ];

    private TwinCatalog WithOverrides(string text)
    {
        if (text.Length == 0)
        {
            return catalog;
        }
        var overrides = new Dictionary<string, Dictionary<string, double>>(StringComparer.Ordinal);
        foreach (var item in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = item.IndexOf(':');
            var equals = item.IndexOf('=');
            if (colon <= 0 || equals <= colon + 1
                || !double.TryParse(item[(equals + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            {
                throw new ScenarioParameterException("thresholds", $"'{item}' is not 'device:key=number'.");
            }
            var id = item[..colon];
            var key = item[(colon + 1)..equals];
            if (!catalog.TryGetDevice(id, out var device) || device.Kind != DeviceKind.RiverGauge)
            {
                throw new ScenarioParameterException("thresholds", $"'{id}' is not a river gauge of the catalog.");
            }
            if (!device.Thresholds.ContainsKey(key))
            {
                throw new ScenarioParameterException("thresholds", $"'{key}' is not a threshold of {id} ({string.Join(", ", device.Thresholds.Keys.Order())}).");
            }
            (overrides.TryGetValue(id, out var keys) ? keys : overrides[id] = new(StringComparer.Ordinal))[key] = value;
        }
        return catalog.WithThresholds(overrides.ToDictionary(o => o.Key, o => (IReadOnlyDictionary<string, double>)o.Value, StringComparer.Ordinal));
    }

    private static string LevelsCsv(List<DeviceInfo> gauges, Dictionary<string, double[]> fed, DateTimeOffset start, int minutes)
    {
        var csv = new StringBuilder("minute,time,").AppendJoin(',', gauges.Select(g => g.Id)).Append('\n');
        for (var m = 0; m < minutes; m++)
        {
            csv.Append(m.ToString(CultureInfo.InvariantCulture)).Append(',').Append(SimulationJson.Jst(start.AddMinutes(m)));
            foreach (var g in gauges)
            {
                csv.Append(',').Append(fed[g.Id][m].ToString("0.000", CultureInfo.InvariantCulture));
            }
            csv.Append('\n');
        }
        return csv.ToString();
    }

    private static string RainCsv(Rainfall rain, DateTimeOffset start, int minutes)
    {
        var districts = rain.Districts.ToList();
        var csv = new StringBuilder("minute,time,").AppendJoin(',', districts.Select(d => d + "_mm_h")).Append('\n');
        for (var m = 0; m < minutes; m++)
        {
            csv.Append(m.ToString(CultureInfo.InvariantCulture)).Append(',').Append(SimulationJson.Jst(start.AddMinutes(m)));
            foreach (var d in districts)
            {
                csv.Append(',').Append(rain.At(d, m).ToString("0.###", CultureInfo.InvariantCulture));
            }
            csv.Append('\n');
        }
        return csv.ToString();
    }

    private string Report(FloodResult r, Dictionary<string, double[]> fed, List<DeviceInfo> gauges, Rainfall rain, DateTimeOffset start, int minutes)
    {
        var s = r.Summary;
        var report = new ReportBuilder($"Flood run — {r.Parameters["rain"]} / seed {r.Seed}",
            $"{r.Start} → {r.End}, one-minute ticks, {s.Gauges} gauges. Simulated: nothing here was observed or sent.");
        report.Heading("Summary").Table(["what", "value"],
        [
            ["rain (peak, mm/h)", F(s.RainfallPeakMmH)], ["rain (mean total, mm)", F(s.RainfallTotalMmMean)],
            ["gauges at 水防団待機水位 or above", F(s.GaugesAtStandby)], ["at はん濫注意水位 or above", F(s.GaugesAtCaution)],
            ["at 避難判断水位 or above", F(s.GaugesAtEvacuation)], ["at はん濫危険水位", F(s.GaugesAtDanger)],
            ["alarms the rules raised (none sent)", F(s.AlarmsRaised)],
            [$"people within {F(r.Affected.RadiusM)} m of a gauge at 避難判断水位 or above", F(s.PopulationNearEvacuation)],
        ]);
        var step = Math.Max(1, minutes / 288);
        var labels = Enumerable.Range(0, minutes / step).Select(i => SimulationJson.Jst(start.AddMinutes(i * step))[5..16].Replace('T', ' ')).ToList();
        report.Heading("Rainfall");
        report.LineChart("Rainfall by district (mm/h)", labels,
            [.. rain.Districts.Select(d => new ChartSeries(d, [.. Enumerable.Range(0, labels.Count).Select(i => (double?)rain.At(d, i * step))]))], [], "mm/h");
        report.Heading("Levels against warning levels");
        foreach (var o in r.Gauges.Where(o => o.Crossings.Count > 0).Concat(r.Gauges.Where(o => o.Crossings.Count == 0).Take(r.Gauges.Any(o => o.Crossings.Count > 0) ? 0 : 3)))
        {
            var t = o.Thresholds;
            report.LineChart($"{o.Name} ({o.Id}) — worst {o.WorstStatus}", labels,
                [new ChartSeries("level (m)", [.. Enumerable.Range(0, labels.Count).Select(i => (double?)fed[o.Id][i * step])])],
                [new("水防団待機", t.GetValueOrDefault("standby_m"), "#2ca02c"), new("はん濫注意", t.GetValueOrDefault("caution_m"), "#e6b800"),
                 new("避難判断", t.GetValueOrDefault("evacuation_m"), "#ff7f0e"), new("はん濫危険", t.GetValueOrDefault("danger_m"), "#d62728")], "m");
        }
        report.Heading("Warning levels crossed").Table(["gauge", "level", "first at"],
            r.Gauges.SelectMany(o => o.Crossings.Select(c => (IReadOnlyList<string>)[$"{o.Name} ({o.Id})", c.NameJa, c.At])));
        report.Heading("Rises travelling downstream").Table(["river", "level", "from", "to", "minutes"],
            r.Rises.Select(x => (IReadOnlyList<string>)[x.River, x.Level, $"{x.From} {x.FromAt}", $"{x.To} {x.ToAt}", F(x.Minutes)]));
        report.Heading("Alarms over time");
        report.BarChart("Alarms raised per hour (none sent)", [.. Enumerable.Range(0, r.Alarms.PerHour.Count).Select(h => F(h))],
            [new ChartSeries("alarms", [.. r.Alarms.PerHour.Select(c => (double?)c)])], "alarms");
        report.Table(["type", "count"], r.Alarms.ByType.Select(kv => (IReadOnlyList<string>)[kv.Key, F(kv.Value)]));
        report.Heading("Affected places");
        var points = gauges.Select(g => new MapPoint(g.Position.Lat, g.Position.Lon, $"{g.Name} ({r.Gauges.First(o => o.Id == g.Id).WorstStatus})", 5,
            StatusColour(r.Gauges.First(o => o.Id == g.Id).WorstStatus))).Concat(
            r.Affected.Towns.Select(t => new MapPoint(t.Lat, t.Lon, $"{t.Name}: {F(t.Population)} people", 2 + Math.Sqrt(t.Population) / 8, "#7b3294"))).ToList();
        report.Map("Gauges by worst status, and towns near gauges at 避難判断水位 or above (purple)", catalog.CityBoundaryGeoJson, points,
            TownAttribution + " / 国土数値情報（行政区域）; gauge positions are generated");
        report.Table(["town", "district", "people", "gauge", "distance (m)"],
            r.Affected.Towns.Select(t => (IReadOnlyList<string>)[t.Name, t.District, F(t.Population), t.Gauge, F(t.DistanceM)]));
        report.Heading("Assumptions");
        foreach (var a in r.Assumptions)
        {
            report.Paragraph(a);
        }
        return report.Build();
    }

    private static string AffectedGeoJson(List<GaugeOutcome> outcomes, List<DeviceInfo> gauges, List<AffectedTown> towns)
    {
        var features = new PointFeatures();
        foreach (var o in outcomes.Where(o => o.Crossings.Any(c => c.Level != "standby")))
        {
            var g = gauges.First(x => x.Id == o.Id);
            features.Add(g.Position.Lat, g.Position.Lon, new Dictionary<string, object?>
            {
                ["kind"] = "river-gauge", ["id"] = o.Id, ["name"] = o.Name, ["worstStatus"] = o.WorstStatus, ["peakLevelM"] = o.PeakLevelM,
                ["peakAt"] = o.PeakAt, ["generated"] = true,
            });
        }
        foreach (var t in towns)
        {
            features.Add(t.Lat, t.Lon, new Dictionary<string, object?>
            {
                ["kind"] = "town", ["name"] = t.Name, ["district"] = t.District, ["population"] = t.Population, ["gauge"] = t.Gauge, ["level"] = t.Level,
            });
        }
        return features.Build(TownAttribution + "; gauge positions are generated");
    }

    internal static string StatusColour(string status) => status switch
    {
        "critical" => "#7f0000", "alarm" => "#d62728", "warning" => "#ff7f0e", "advisory" => "#e6b800", _ => "#2ca02c",
    };

    private static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
}
