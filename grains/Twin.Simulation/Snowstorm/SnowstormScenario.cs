using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Twin.Catalog;
using Twin.Grains.Abstractions;
using Twin.Grains.Rules;
using Twin.Simulation.Reports;
using Twin.Simulation.Sandbox;

namespace Twin.Simulation.Snowstorm;

/// <summary>
/// A snowstorm run: snowfall and temperature per district fed to the weather stations; every pump runs while its
/// detector sees snow; faults drawn at a seeded rate per lamp; every reading goes through the production pump and
/// weather grains of a sandbox silo, whose rules decide availability and raise alarms. Compares when the city learns
/// of each fault through the twin with its past practice of waiting for a citizen's call (an assumed delay).
/// </summary>
public sealed class SnowstormScenario(TwinCatalog catalog, ILoggerFactory loggerFactory) : ISimulationScenario
{
    /// <summary>Fault rates per hour, by lamp (a lamp of the pump panel; <c>detector</c>: the snow detector fails and the pump stays stopped, no lamp). Assumed.</summary>
    public static readonly IReadOnlyList<(string Lamp, double PerHour, bool WhileRunning)> FaultRates =
    [
        (PumpStates.PumpFault, 0.0015, true),
        (PumpStates.InverterFault, 0.0010, true),
        (PumpStates.SensorFault, 0.0005, true),
        (PumpStates.PressureSensorFault, 0.0005, true),
        (PumpStates.LowWater, 0.0030, true),
        ("detector", 0.0010, false),
    ];

    /// <summary>A pump keeps running this long after its detector stops seeing snow (assumed).</summary>
    private const int AfterRunMinutes = 30;

    public string Name => "snowstorm";

    public string Description => "Snowfall and temperature → pump demand, seeded faults per lamp through the production pump rules: availability per district per hour, alarms per hour, time to learn of a fault with the twin vs. a citizen's call.";

    public IReadOnlyList<ScenarioOption> Options { get; } =
    [
        new("hours", "72", "Hours to simulate (1–168), at one-minute ticks."),
        new("weather", "storm", "Weather preset: storm (a 72-hour winter-monsoon snowstorm), normals (the start month's climate normals)."),
        new("weather-csv", "", "A weather CSV (minute,snowfall_cm_h,air_temp_c[,precipitation_mm_h]) used instead of the preset; not varied by the seed.") { IsFile = true },
        new("start", "2027-01-20T00:00+09:00", "When the run starts (ISO-8601 with offset)."),
        new("fault-rate-scale", "1", "Multiplies every fault rate (0–100)."),
        new("citizen-call-min", "180", "Past practice: minutes from a failed pump being needed (it snows) to a citizen's call (assumed)."),
        new("repair-hours", "4", "Hours from learning of a fault to the pump running again."),
    ];

    public async Task<SimulationOutput> RunAsync(SimulationRequest request, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        var (p, hours, start, rateScale, callDelay, repairMinutes) = Parse(request);
        var minutes = hours * 60;
        var districts = catalog.Districts.Select(d => d.Id).ToList();
        var weather = await p.FileTextAsync("weather-csv", cancellationToken) is { } csv
            ? SnowWeather.FromCsv(csv, districts, minutes)
            : SnowWeather.FromPreset(p.Choice("weather", SnowWeather.Presets), districts, minutes, start, request.Seed);

        // The city's own pumps, not a scale test's synthetic ones (they follow the base fleet in the catalog).
        var pumps = catalog.Devices.Take(catalog.Devices.Count - catalog.SyntheticDeviceCount).Where(d => d.Kind == DeviceKind.SnowPump).OrderBy(d => d.Id, StringComparer.Ordinal).ToList();
        var stations = districts.Select(d => catalog.WeatherStationOf(d)).OfType<DeviceInfo>().OrderBy(d => d.Id, StringComparer.Ordinal).ToList();
        var rng = new SeededRandom(request.Seed, "pump-faults");
        var state = pumps.ToDictionary(p => p.Id, p => new PumpSim(p, (int)(SeededRandom.Hash(p.Id) % 10)), StringComparer.Ordinal);
        // In id order, and grouped by district in id order, once: the loop below walks them every minute.
        var ordered = pumps.Select(p => state[p.Id]).ToList();
        var byDistrict = ordered.GroupBy(s => s.Info.District).Select(g => g.ToList()).ToList();
        var faults = new List<FaultSim>();
        var hoursOut = districts.ToDictionary(d => d, _ => new HourCounts(hours), StringComparer.Ordinal);

        var clock = new SimulationClock(start);
        IReadOnlyList<Grains.Abstractions.Alarms.Alarm> alarms;
        await using (var silo = await SandboxSilo.StartAsync(catalog, clock, loggerFactory, cancellationToken))
        {
            var ticks = new TickProgress(progress, minutes);
            var seq = new Dictionary<string, long>(StringComparer.Ordinal);
            async Task Feed(DeviceInfo device, Reading reading)
            {
                await silo.History.AppendAsync(new HistoryRecord(device.Id, reading.Ts, reading.Seq, reading, reading.Ts), cancellationToken);
                await silo.Grains.GetDeviceGrain(device.Kind, device.Id).ApplyAsync(reading);
            }
            Reading Next(DeviceInfo device, DateTimeOffset now, ImmutableDictionary<string, double> values, string? lamp = null)
            {
                var n = seq[device.Id] = seq.GetValueOrDefault(device.Id) + 1;
                return new Reading(now, n, values, lamp);
            }

            for (var m = 0; m < minutes; m++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var now = start.AddMinutes(m);
                clock.AdvanceTo(now);

                // Weather first: the pumps' rules read it from their district.
                if (m % 10 == 0)
                {
                    foreach (var station in stations)
                    {
                        var w = weather.At(station.District, m);
                        await Feed(station, Next(station, now, ImmutableDictionary.CreateRange(
                        [
                            KeyValuePair.Create("air_temp_c", w.AirTempC),
                            KeyValuePair.Create("precipitation_mm_h", w.PrecipitationMmH),
                            KeyValuePair.Create("snowfall_cm_h", w.SnowfallCmH),
                        ])));
                    }
                }

                // The physical pumps: detectors, faults drawn (in id order, so the seed alone decides them), repairs.
                foreach (var pump in ordered)
                {
                    var w = weather.At(pump.Info.District, m);
                    var snowing = w.SnowfallCmH >= 0.3 || (w.PrecipitationMmH >= 0.3 && w.AirTempC <= 1.5);
                    pump.LastSnowMinute = snowing ? m : pump.LastSnowMinute;
                    var wanted = pump.LastSnowMinute is { } last && m - last <= AfterRunMinutes;
                    if (pump.Fault is { } fault && fault.RepairedAt is { } repaired && m >= repaired)
                    {
                        pump.Fault = null;
                    }
                    if (pump.Fault is null)
                    {
                        foreach (var (lamp, perHour, whileRunning) in FaultRates)
                        {
                            if ((!whileRunning || pump.Lamp == PumpStates.Running) && rng.Chance(perHour * rateScale / 60))
                            {
                                pump.Fault = new FaultSim(pump.Info, lamp, m);
                                faults.Add(pump.Fault);
                                break;
                            }
                        }
                    }
                    var lampNow = pump.Fault is { Lamp: not "detector" } f ? f.Lamp : wanted && pump.Fault is null ? PumpStates.Running : PumpStates.Stopped;
                    pump.Changed = lampNow != pump.Lamp;
                    pump.Lamp = lampNow;
                    pump.Wanted = wanted;
                }

                // Readings: every ten minutes (each pump at its own minute) and at once on a lamp change; districts in
                // parallel, each district's pumps in id order (alarm grouping is per district, so its order is fixed).
                await Task.WhenAll(byDistrict.Select(async group =>
                {
                    foreach (var pump in group)
                    {
                        if (pump.Changed || m % 10 == pump.Offset)
                        {
                            var values = pump.Lamp == PumpStates.Running
                                ? ImmutableDictionary<string, double>.Empty.Add("pressure_mpa", 0.3)
                                : ImmutableDictionary<string, double>.Empty;
                            await Feed(pump.Info, Next(pump.Info, now, values, pump.Lamp));
                        }
                    }
                }));

                // When the twin learns of a fault: its alarm in the run's store; the repair crew goes out then.
                foreach (var fault in faults.Where(f => f.TwinAt is null))
                {
                    foreach (var alarm in await silo.Alarms.ReadOpenAsync(fault.Pump.Id, cancellationToken))
                    {
                        if (alarm.RaisedAt >= start.AddMinutes(fault.At) && alarm.Type != "device-silent")
                        {
                            fault.TwinAt = (int)(alarm.RaisedAt - start).TotalMinutes;
                            fault.TwinAlarm = alarm.Type;
                            fault.RepairedAt = fault.TwinAt + repairMinutes;
                            break;
                        }
                    }
                }
                // Past practice: a call comes once the failed pump is needed (it snows there) plus the assumed delay.
                foreach (var fault in faults.Where(f => f.CallAt is null && state[f.Pump.Id].Wanted))
                {
                    fault.CallAt = m + (int)callDelay;
                }

                if (m % 60 == 59)
                {
                    var hour = m / 60;
                    var snapshots = await Task.WhenAll(pumps.Select(async p => (p, await silo.Grains.GetGrain<ISnowPumpGrain>(p.Id).GetAsync())));
                    foreach (var (info, snapshot) in snapshots)
                    {
                        var counts = hoursOut[info.District];
                        var lamp = snapshot.Reading?.State;
                        counts.Demand[hour] += state[info.Id].Wanted ? 1 : 0;
                        counts.Running[hour] += lamp == PumpStates.Running ? 1 : 0;
                        counts.Available[hour] += SnowPumpRules.IsAvailable(lamp) && !snapshot.Anomalies.Contains(AnomalyNames.StoppedDuringSnowfall) ? 1 : 0;
                    }
                }

                ticks.Done(m);
            }
            alarms = await silo.AllAlarmsAsync(cancellationToken);
        }

        var tally = AlarmTally.From(alarms, start, hours);
        foreach (var a in alarms)
        {
            var h = (int)Math.Floor((a.RaisedAt - start).TotalHours);
            if (h >= 0 && h < hours && hoursOut.TryGetValue(a.District, out var counts))
            {
                counts.Alarms[h]++;
            }
        }
        var districtHours = hoursOut.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d =>
        {
            var total = pumps.Count(p => p.District == d.Key);
            return new DistrictHours(d.Key, total, d.Value.Demand, d.Value.Running, d.Value.Available,
                [.. d.Value.Available.Select(a => total == 0 ? 100 : Math.Round(100.0 * a / total, 1))], d.Value.Alarms);
        }).ToList();
        var faultList = faults
            .OrderBy(f => f.At).ThenBy(f => f.Pump.Id, StringComparer.Ordinal)
            .Select(f => new PumpFault(f.Pump.Id, f.Pump.District, f.Lamp, Jst(start, f.At), f.TwinAlarm,
                f.TwinAt is { } t ? Jst(start, t) : null, f.TwinAt - f.At,
                f.CallAt is { } c && c < minutes ? Jst(start, c) : null, f.CallAt is { } c2 && c2 < minutes ? c2 - f.At : null))
            .ToList();
        double Lost(Func<FaultSim, int?> learned) => Math.Round(faults.Sum(f =>
        {
            var back = learned(f) is { } l ? Math.Min(minutes, l + repairMinutes) : minutes;
            return Math.Max(0, back - f.At);
        }) / 60.0, 1);
        var summary = new SnowstormSummary(
            pumps.Count,
            Math.Round(weather.Districts.Average(d => Enumerable.Range(0, minutes).Sum(m => weather.At(d, m).SnowfallCmH) / 60), 1),
            faults.Count,
            faultList.Count(f => f.TwinMinutes is not null),
            Median(faultList.Select(f => f.TwinMinutes)),
            faultList.Count(f => f.CallMinutes is not null),
            Median(faultList.Select(f => f.CallMinutes)),
            faultList.Count(f => f.CallMinutes is null),
            Lost(f => f.TwinAt),
            Lost(f => f.CallAt is { } c && c < minutes ? c : null),
            districtHours.Count == 0 || hours == 0 ? 100 : districtHours.Min(d => d.AvailabilityPct.Count == 0 ? 100 : d.AvailabilityPct.Min()),
            alarms.Count);
        var parameters = p.Effective();
        var result = new SnowstormResult(Name, request.Seed, parameters, SimulationJson.Jst(start), SimulationJson.Jst(start.AddHours(hours)), 1,
            summary, districtHours, faultList, tally, Assumptions(callDelay));
        return new SimulationOutput(
            SimulationJson.Serialize(result),
            new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                ["availability.csv"] = AvailabilityCsv(districtHours, start),
                ["faults.csv"] = FaultsCsv(faultList),
                ["weather.csv"] = WeatherCsv(weather, start, minutes),
            },
            Report(result),
            AffectedGeoJson(faultList));
    }

    public void Validate(SimulationRequest request) => Parse(request).P.PresetUnlessFile("weather", "weather-csv", SnowWeather.Presets);

    private (ScenarioParameters P, int Hours, DateTimeOffset Start, double RateScale, double CallDelay, int RepairMinutes) Parse(SimulationRequest request)
    {
        var p = new ScenarioParameters(request, Options);
        p.RejectUnknown();
        return (p, p.Integer("hours", 1, 168), p.Time("start"), p.Number("fault-rate-scale", 0, 100), p.Number("citizen-call-min", 0, 10_000),
            (int)Math.Round(p.Number("repair-hours", 0, 1_000) * 60));
    }

    private static IReadOnlyList<string> Assumptions(double callDelay) =>
    [
        "Fault rates per running pump-hour (pump_fault 0.0015, inverter_fault 0.0010, sensor_fault 0.0005, pressure_sensor_fault 0.0005, low_water 0.0030) and per pump-hour for a failed snow detector (0.0010, the pump stays stopped with no lamp) are assumed, scaled by fault-rate-scale.",
        string.Create(CultureInfo.InvariantCulture, $"Past practice: the city learns of a failed pump from a citizen's call {callDelay:0} minutes after the pump is needed (it snows in its district) — an assumed delay; a fault never needed within the run goes unnoticed."),
        "A pump runs while its detector sees snow (≥ 0.3 cm/h, or ≥ 0.3 mm/h at ≤ 1.5 °C) and 30 minutes after; it reports every ten minutes and at once when its lamp changes (assumed).",
        "The storm preset (assumed shape): ~1 cm/h with two bursts of 3–7 cm/h, −2…0 °C with a daily swing on the plain; the mountains 1.2–1.5× the snow and up to 1.8 °C colder.",
        "The twin learns of a fault when the production rules raise its alarm (a fault lamp at once; a stopped pump after 30 minutes of snowfall); availability is the pump grains' lamp state (SnowPumpRules.IsAvailable) less pumps stopped in snow; nothing is sent.",
    ];

    private static string Jst(DateTimeOffset start, int minute) => SimulationJson.Jst(start.AddMinutes(minute));

    private static double Median(IEnumerable<double?> values)
    {
        var sorted = values.OfType<double>().Order().ToList();
        return sorted.Count == 0 ? 0 : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string AvailabilityCsv(List<DistrictHours> districts, DateTimeOffset start)
    {
        var csv = new StringBuilder("hour,time,district,pumps,demand,running,available,availability_pct,alarms\n");
        var hours = districts.Count == 0 ? 0 : districts[0].Demand.Count;
        for (var h = 0; h < hours; h++)
        {
            foreach (var d in districts)
            {
                csv.Append(CultureInfo.InvariantCulture, $"{h},{SimulationJson.Jst(start.AddHours(h))},{d.District},{d.Pumps},{d.Demand[h]},{d.Running[h]},{d.Available[h]},{d.AvailabilityPct[h]:0.0},{d.Alarms[h]}\n");
            }
        }
        return csv.ToString();
    }

    private static string FaultsCsv(List<PumpFault> faults)
    {
        var csv = new StringBuilder("pump,district,lamp,at,twin_alarm,twin_learned_at,twin_minutes,call_learned_at,call_minutes\n");
        foreach (var f in faults)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{f.Pump},{f.District},{f.Lamp},{f.At},{f.TwinAlarm},{f.TwinLearnedAt},{f.TwinMinutes},{f.CallLearnedAt},{f.CallMinutes}\n");
        }
        return csv.ToString();
    }

    private static string WeatherCsv(SnowWeather weather, DateTimeOffset start, int minutes)
    {
        var csv = new StringBuilder("minute,time,district,snowfall_cm_h,air_temp_c,precipitation_mm_h\n");
        for (var m = 0; m < minutes; m += 10)
        {
            foreach (var d in weather.Districts)
            {
                var w = weather.At(d, m);
                csv.Append(CultureInfo.InvariantCulture, $"{m},{SimulationJson.Jst(start.AddMinutes(m))},{d},{w.SnowfallCmH:0.##},{w.AirTempC:0.0},{w.PrecipitationMmH:0.##}\n");
            }
        }
        return csv.ToString();
    }

    private string Report(SnowstormResult r)
    {
        var s = r.Summary;
        var report = new ReportBuilder($"Snowstorm run — {r.Parameters["weather"]} / seed {r.Seed}",
            $"{r.Start} → {r.End}, one-minute ticks, {s.Pumps} pumps. Simulated: nothing here was observed or sent.");
        report.Heading("Summary").Table(["what", "value"],
        [
            ["snowfall (district mean, cm)", F(s.SnowfallTotalCmMean)], ["faults drawn", F(s.Faults)],
            ["learned by the twin's alarms", F(s.FaultsLearnedByTwin)], ["median minutes to learn — twin", F(s.TwinMedianMinutesToLearn)],
            ["learned by a citizen's call (past practice)", F(s.FaultsLearnedByCall)], ["median minutes to learn — call", F(s.CallMedianMinutesToLearn)],
            ["unnoticed within the run without the twin", F(s.FaultsUnnoticedWithoutTwin)],
            ["pump-hours lost — twin", F(s.PumpHoursLostWithTwin)], ["pump-hours lost — past practice", F(s.PumpHoursLostWithCalls)],
            ["lowest district availability (%)", F(s.LowestAvailabilityPct)], ["alarms the rules raised (none sent)", F(s.AlarmsRaised)],
        ]);
        var hourLabels = Enumerable.Range(0, r.Districts.FirstOrDefault()?.Demand.Count ?? 0).Select(h => F(h)).ToList();
        report.Heading("Pump availability per district");
        report.LineChart("Available pumps (%) per hour", hourLabels,
            [.. r.Districts.Select(d => new ChartSeries(d.District, [.. d.AvailabilityPct.Select(v => (double?)v)]))], [], "%");
        report.BarChart("Pumps needed (snowing) per hour, all districts", hourLabels,
            [new ChartSeries("needed", [.. hourLabels.Select((_, h) => (double?)r.Districts.Sum(d => d.Demand[h]))])], "pumps");
        report.Heading("Alarms over time");
        report.BarChart("Alarms raised per hour by district (none sent)", hourLabels,
            [.. r.Districts.Select(d => new ChartSeries(d.District, [.. d.Alarms.Select(v => (double?)v)]))], "alarms");
        report.Table(["type", "count"], r.Alarms.ByType.Select(kv => (IReadOnlyList<string>)[kv.Key, F(kv.Value)]));
        report.Heading("Faults: when the city learns of them");
        report.Table(["pump", "district", "lamp", "at", "twin alarm", "twin (min)", "call (min)"],
            r.Faults.Select(f => (IReadOnlyList<string>)[f.Pump, f.District, f.Lamp, f.At, f.TwinAlarm ?? "—",
                f.TwinMinutes is { } t ? F(t) : "not within the run", f.CallMinutes is { } c ? F(c) : "not within the run"]));
        var points = r.Faults.Select(f => catalog.TryGetDevice(f.Pump, out var d)
            ? new MapPoint(d.Position.Lat, d.Position.Lon, $"{f.Pump} {f.Lamp} at {f.At}", 4, f.TwinMinutes is null ? "#7f7f7f" : "#d62728")
            : null).OfType<MapPoint>().ToList();
        report.Map("Failed pumps (red: learned by the twin; grey: not within the run)", catalog.CityBoundaryGeoJson, points,
            "国土数値情報（行政区域）; pump positions are generated");
        report.Heading("Assumptions");
        foreach (var a in r.Assumptions)
        {
            report.Paragraph(a);
        }
        return report.Build();
    }

    private string AffectedGeoJson(List<PumpFault> faults)
    {
        var features = new PointFeatures();
        foreach (var f in faults)
        {
            if (catalog.TryGetDevice(f.Pump, out var d))
            {
                features.Add(d.Position.Lat, d.Position.Lon, new Dictionary<string, object?>
                {
                    ["kind"] = "snow-pump", ["id"] = f.Pump, ["district"] = f.District, ["lamp"] = f.Lamp, ["at"] = f.At,
                    ["twinMinutes"] = f.TwinMinutes, ["callMinutes"] = f.CallMinutes, ["generated"] = true,
                });
            }
        }
        return features.Build("pump positions are generated");
    }

    private static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    private sealed class PumpSim(DeviceInfo info, int offset)
    {
        public DeviceInfo Info { get; } = info;
        public int Offset { get; } = offset;
        public string Lamp { get; set; } = "";
        public bool Changed { get; set; }
        public bool Wanted { get; set; }
        public int? LastSnowMinute { get; set; }
        public FaultSim? Fault { get; set; }
    }

    private sealed class FaultSim(DeviceInfo pump, string lamp, int at)
    {
        public DeviceInfo Pump { get; } = pump;
        public string Lamp { get; } = lamp;
        public int At { get; } = at;
        public int? TwinAt { get; set; }
        public string? TwinAlarm { get; set; }
        public int? CallAt { get; set; }
        public int? RepairedAt { get; set; }
    }

    private sealed class HourCounts(int hours)
    {
        public int[] Demand { get; } = new int[hours];
        public int[] Running { get; } = new int[hours];
        public int[] Available { get; } = new int[hours];
        public int[] Alarms { get; } = new int[hours];
    }
}
