using System.Collections.Immutable;
using Twin.Grains.Abstractions;

namespace Twin.Grains.Aggregates;

/// <summary>
/// Incremental counts over device digests (by kind and status, silence, pumps, bridges, children), so an
/// aggregate with a hundred thousand devices updates in constant time per change. Plain C#, no Orleans.
/// </summary>
public sealed class Tally
{
    private static readonly int KindCount = WireNames.AllKinds.Length;
    private static readonly int StatusCount = Enum.GetValues<TwinStatus>().Length;

    private readonly int[,] _byKindStatus = new int[KindCount, StatusCount];
    private int _silent;
    private int _pumpsReporting, _pumpsRunning, _pumpsAvailable, _pumpsFaults, _pumpsLowWater, _pumpsSilent;
    private int _childrenReporting, _childrenOut;

    /// <summary>Children with a recorded consent, from the catalog.</summary>
    public int ChildrenRegistered { get; set; }

    /// <summary>Counts a device that has not reported yet.</summary>
    public void AddUnknown(DeviceKind kind) => _byKindStatus[(int)kind, (int)TwinStatus.Unknown]++;

    /// <summary>Replaces a device's previous digest (or its unknown placeholder) by its new one.</summary>
    public void Replace(DeviceDigest? previous, DeviceDigest next, DeviceKind kind)
    {
        if (previous is null)
        {
            _byKindStatus[(int)kind, (int)TwinStatus.Unknown]--;
        }
        else
        {
            Count(previous, -1);
        }
        Count(next, +1);
    }

    /// <summary>The worst status of any device.</summary>
    public TwinStatus Worst()
    {
        for (var s = StatusCount - 1; s > 0; s--)
        {
            for (var k = 0; k < KindCount; k++)
            {
                if (_byKindStatus[k, s] > 0)
                {
                    return (TwinStatus)s;
                }
            }
        }
        return TwinStatus.Unknown;
    }

    /// <summary>The counts as the wire shows them.</summary>
    public StatusCounts Counts()
    {
        var byStatus = ImmutableSortedDictionary.CreateBuilder<string, int>();
        var byKind = ImmutableSortedDictionary.CreateBuilder<string, ImmutableSortedDictionary<string, int>>();
        var total = 0;
        foreach (var kind in WireNames.AllKinds)
        {
            var perKind = ImmutableSortedDictionary.CreateBuilder<string, int>();
            for (var s = 0; s < StatusCount; s++)
            {
                var n = _byKindStatus[(int)kind, s];
                if (n == 0)
                {
                    continue;
                }
                var name = ((TwinStatus)s).ToWire();
                perKind[name] = n;
                byStatus[name] = byStatus.GetValueOrDefault(name) + n;
                total += n;
            }
            byKind[kind.ToWire()] = perKind.ToImmutable();
        }
        return new StatusCounts(total, byStatus.ToImmutable(), byKind.ToImmutable(), _silent);
    }

    /// <summary>Snow pump availability.</summary>
    public PumpSummary Pumps() => new(
        KindTotal(DeviceKind.SnowPump), _pumpsReporting, _pumpsRunning, _pumpsAvailable, _pumpsFaults, _pumpsLowWater, _pumpsSilent);

    /// <summary>Bridge joints and their alarms.</summary>
    public BridgeSummary Bridges()
    {
        var k = (int)DeviceKind.BridgeJoint;
        var alarms = _byKindStatus[k, (int)TwinStatus.Alarm] + _byKindStatus[k, (int)TwinStatus.Critical];
        var worst = TwinStatus.Unknown;
        for (var s = StatusCount - 1; s >= 0; s--)
        {
            if (_byKindStatus[k, s] > 0)
            {
                worst = (TwinStatus)s;
                break;
            }
        }
        return new BridgeSummary(KindTotal(DeviceKind.BridgeJoint), alarms, worst);
    }

    /// <summary>Children as counts only.</summary>
    public ChildrenSummary Children() => new(ChildrenRegistered, _childrenReporting, _childrenOut);

    /// <summary>Adds another tally's counts into this one (the city sums its districts).</summary>
    public static StatusCounts Sum(IEnumerable<StatusCounts> parts)
    {
        var byStatus = new SortedDictionary<string, int>();
        var byKind = new SortedDictionary<string, SortedDictionary<string, int>>();
        int total = 0, silent = 0;
        foreach (var p in parts)
        {
            total += p.Total;
            silent += p.Silent;
            foreach (var (s, n) in p.ByStatus)
            {
                byStatus[s] = byStatus.GetValueOrDefault(s) + n;
            }
            foreach (var (k, perKind) in p.ByKind)
            {
                if (!byKind.TryGetValue(k, out var target))
                {
                    byKind[k] = target = [];
                }
                foreach (var (s, n) in perKind)
                {
                    target[s] = target.GetValueOrDefault(s) + n;
                }
            }
        }
        return new StatusCounts(total, byStatus.ToImmutableSortedDictionary(),
            byKind.ToImmutableSortedDictionary(kv => kv.Key, kv => kv.Value.ToImmutableSortedDictionary()), silent);
    }

    private int KindTotal(DeviceKind kind)
    {
        var n = 0;
        for (var s = 0; s < StatusCount; s++)
        {
            n += _byKindStatus[(int)kind, s];
        }
        return n;
    }

    private void Count(DeviceDigest d, int sign)
    {
        _byKindStatus[(int)d.Kind, (int)d.Status] += sign;
        if (d.Silent)
        {
            _silent += sign;
        }
        switch (d.Kind)
        {
            case DeviceKind.SnowPump:
                if (d.Silent)
                {
                    _pumpsSilent += sign;
                }
                if (d.Status != TwinStatus.Unknown)
                {
                    _pumpsReporting += sign;
                    if (d.Running == true)
                    {
                        _pumpsRunning += sign;
                    }
                    if (d.Available == true && !d.Silent)
                    {
                        _pumpsAvailable += sign;
                    }
                    if (d.Status >= TwinStatus.Alarm)
                    {
                        _pumpsFaults += sign;
                    }
                    else if (d.Available == false)
                    {
                        _pumpsLowWater += sign;
                    }
                }
                break;
            case DeviceKind.ChildTracker:
                if (d.Status != TwinStatus.Unknown && !d.Silent)
                {
                    _childrenReporting += sign;
                    if (d.Out == true)
                    {
                        _childrenOut += sign;
                    }
                }
                break;
        }
    }
}
