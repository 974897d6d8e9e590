using System.Collections.Immutable;
using Twin.Grains.Abstractions;

namespace Twin.Grains.Rules;

/// <summary>River gauge rules: Japan's four warning levels, rate of rise, and a stuck sensor.</summary>
public static class RiverGaugeRules
{
    /// <summary>How far back samples are kept: long enough to see a stuck sensor.</summary>
    public static readonly TimeSpan SampleWindow = TimeSpan.FromHours(6);

    /// <summary>A rise is measured over at most this span (the newest sample against the oldest within it).</summary>
    public static readonly TimeSpan RiseSpan = TimeSpan.FromMinutes(30);

    /// <summary>A rise measured over less than this is noise, not a rate.</summary>
    public static readonly TimeSpan MinRiseSpan = TimeSpan.FromMinutes(5);

    /// <summary>A level unchanged to the millimetre for this long is a stuck sensor.</summary>
    public static readonly TimeSpan StuckAfter = TimeSpan.FromHours(6);

    /// <summary>The status that a level shows on the ladder (水防団待機 advisory … はん濫危険 critical).</summary>
    public static TwinStatus LevelStatus(GaugeThresholds t, double levelM) =>
        levelM >= t.DangerM ? TwinStatus.Critical
        : levelM >= t.EvacuationM ? TwinStatus.Alarm
        : levelM >= t.CautionM ? TwinStatus.Warning
        : levelM >= t.StandbyM ? TwinStatus.Advisory
        : TwinStatus.Normal;

    /// <summary>The Japanese name of the warning level a status stands for on a gauge.</summary>
    public static string LevelName(TwinStatus status) => status switch
    {
        TwinStatus.Advisory => "水防団待機水位",
        TwinStatus.Warning => "はん濫注意水位",
        TwinStatus.Alarm => "避難判断水位",
        TwinStatus.Critical => "はん濫危険水位",
        _ => "平常",
    };

    /// <summary>Adds a sample (samples stay in ts order) and drops those older than the window at <paramref name="now"/>.</summary>
    public static ImmutableList<LevelSample> Add(ImmutableList<LevelSample> samples, LevelSample sample, DateTimeOffset now)
    {
        var index = samples.Count;
        while (index > 0 && samples[index - 1].Ts > sample.Ts)
        {
            index--;
        }
        var result = samples.Insert(index, sample);
        var cutoff = now - SampleWindow;
        var drop = 0;
        while (drop < result.Count - 1 && result[drop].Ts < cutoff)
        {
            drop++;
        }
        return drop == 0 ? result : result.RemoveRange(0, drop);
    }

    /// <summary>Metres of rise per 10 minutes, from the newest sample back to the oldest within <see cref="RiseSpan"/>; null when too few.</summary>
    public static double? RisePer10Min(IReadOnlyList<LevelSample> samples, DateTimeOffset now)
    {
        if (samples.Count < 2)
        {
            return null;
        }
        var newest = samples[^1];
        if (now - newest.Ts > RiseSpan)
        {
            return null;
        }
        LevelSample? oldest = null;
        for (var i = samples.Count - 2; i >= 0; i--)
        {
            if (newest.Ts - samples[i].Ts > RiseSpan)
            {
                break;
            }
            oldest = samples[i];
        }
        if (oldest is not { } o || newest.Ts - o.Ts < MinRiseSpan)
        {
            return null;
        }
        return (newest.LevelM - o.LevelM) / (newest.Ts - o.Ts).TotalMinutes * 10;
    }

    /// <summary>Whether the sensor reports the same level to the millimetre for <see cref="StuckAfter"/> or longer.</summary>
    public static bool IsStuck(IReadOnlyList<LevelSample> samples)
    {
        if (samples.Count < 6)
        {
            return false;
        }
        var newest = samples[^1];
        for (var i = samples.Count - 2; i >= 0; i--)
        {
            if (Math.Abs(samples[i].LevelM - newest.LevelM) >= 0.0005)
            {
                return false;
            }
            if (newest.Ts - samples[i].Ts >= StuckAfter)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The gauge's verdict: level status, raised to advisory by a rapid rise; a stuck sensor is a health anomaly only.</summary>
    public static Verdict Evaluate(GaugeThresholds t, IReadOnlyList<LevelSample> samples, DateTimeOffset now)
    {
        if (samples.Count == 0)
        {
            return Verdict.Of(TwinStatus.Unknown);
        }
        var level = samples[^1].LevelM;
        var status = LevelStatus(t, level);
        var anomalies = ImmutableArray.CreateBuilder<string>();
        var derived = ImmutableDictionary.CreateBuilder<string, double>();
        derived["level_m"] = level;
        if (!double.IsInfinity(t.DangerM) && t.DangerM > 0)
        {
            derived["danger_ratio"] = Math.Round(level / t.DangerM, 4);
        }
        var rise = RisePer10Min(samples, now);
        if (rise is { } r)
        {
            derived["rise_m_per_10min"] = Math.Round(r, 4);
            if (r >= t.RiseMPer10Min)
            {
                anomalies.Add(AnomalyNames.RapidRise);
                status = WireNames.Worst(status, TwinStatus.Advisory);
            }
        }
        if (IsStuck(samples))
        {
            anomalies.Add(AnomalyNames.SensorStuck);
        }
        return new Verdict(status, anomalies.ToImmutable(), derived.ToImmutable());
    }
}
