using System.Collections.Immutable;
using Twin.Grains.Abstractions;
using Twin.Grains.Abstractions.Alarms;

namespace Twin.Grains.Alarms;

/// <summary>
/// Who is told of an alarm's transition: the one webhook, every route that takes the alarm (and those it was escalated
/// to), and the retained MQTT topic; and when the alarm must be looked at again (escalation, a shelving's end).
/// </summary>
public sealed class AlarmRouter(AlarmOptions options, Func<string> newId)
{
    /// <summary>The wake target that ends a shelving (with the time, so a reshelve is a queue of its own).</summary>
    public const string ShelveWake = "shelve";

    /// <summary>The wake target prefix of an escalation to a route.</summary>
    public const string RouteWake = "route:";

    private readonly Dictionary<string, AlarmRoute> _byName = options.Routes
        .Where(r => !string.IsNullOrWhiteSpace(r.Name))
        .GroupBy(r => r.Name, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    /// <summary>The retained topic of an alarm's source and type.</summary>
    public static string Topic(Alarm a) => $"toyama/alarms/{a.District}/{a.Type}/{a.Source}";

    /// <summary>Whether a route takes an alarm: its districts, kinds, types (empty: all) and least severity.</summary>
    public static bool Takes(AlarmRoute route, Alarm a) =>
        a.Severity >= route.MinSeverity
        && Matches(route.Districts, a.District)
        && Matches(route.Kinds, a.Kind)
        && Matches(route.Types, a.Type);

    /// <summary>The routes told of an alarm: those that take it, then those it was escalated to.</summary>
    public IReadOnlyList<AlarmRoute> RoutesFor(Alarm a)
    {
        var routes = options.Routes.Where(r => Takes(r, a)).ToList();
        foreach (var name in a.EscalatedTo.IsDefault ? [] : a.EscalatedTo)
        {
            if (_byName.TryGetValue(name, out var r) && !routes.Contains(r))
            {
                routes.Add(r);
            }
        }
        return routes;
    }

    /// <summary>
    /// The outbox entries for the alarm's last transition: notifications (none but MQTT when <paramref name="grouped"/>: a
    /// group tells of the raise), and the wakes the transition sets (escalation after a raise, a shelving's end).
    /// </summary>
    public ImmutableArray<OutboxEntry> For(Alarm a, DateTimeOffset now, bool grouped = false)
    {
        var t = a.Last ?? throw new ArgumentException("An alarm without transitions has nothing to notify.", nameof(a));
        var notice = new AlarmNotice(a, t);
        var entries = ImmutableArray.CreateBuilder<OutboxEntry>();
        if (!grouped)
        {
            entries.AddRange(Notifications(a, notice, now));
        }
        if (options.Mqtt)
        {
            entries.Add(Entry(a, NotificationChannel.Mqtt, Topic(a), now, notice));
        }
        if (t.To == AlarmState.ActiveUnacknowledged
            && t.Action is AlarmAction.Raise or AlarmAction.Escalate or AlarmAction.Unshelve or AlarmAction.InService or AlarmAction.Route)
        {
            entries.AddRange(Escalations(a, now, notice));
        }
        if (t.Action == AlarmAction.Shelve && a.ShelvedUntil is { } until)
        {
            entries.Add(Entry(a, NotificationChannel.Wake, $"{ShelveWake}:{until.UtcTicks}", until, notice));
        }
        return entries.ToImmutable();
    }

    /// <summary>A group's one notification (listing every member's source) to everyone who would be told of its latest member's raise.</summary>
    public ImmutableArray<OutboxEntry> ForGroup(Alarm latest, string groupId, ImmutableArray<string> members, DateTimeOffset now)
    {
        var t = latest.Last ?? new AlarmTransition(now, AlarmState.Normal, latest.State, AlarmAction.Raise);
        var notice = new AlarmNotice(latest, t) { GroupId = groupId, Members = members };
        return [.. Notifications(latest, notice, now)];
    }

    private IEnumerable<OutboxEntry> Notifications(Alarm a, AlarmNotice notice, DateTimeOffset now)
    {
        if (!string.IsNullOrWhiteSpace(options.WebhookUrl))
        {
            yield return Entry(a, NotificationChannel.Webhook, options.WebhookUrl, now, notice);
        }
        foreach (var route in RoutesFor(a))
        {
            var routed = notice with { Route = route.Name };
            if (!string.IsNullOrWhiteSpace(route.Webhook))
            {
                yield return Entry(a, NotificationChannel.Webhook, route.Webhook, now, routed);
            }
            foreach (var address in AlarmRoute.Items(route.Email))
            {
                yield return Entry(a, NotificationChannel.Email, address, now, routed);
            }
        }
    }

    private IEnumerable<OutboxEntry> Escalations(Alarm a, DateTimeOffset now, AlarmNotice notice)
    {
        // From each route told of the alarm that escalates, to a route the alarm has not reached yet.
        foreach (var route in RoutesFor(a))
        {
            if (route is { EscalateAfterMinutes: > 0 and var minutes, EscalateTo: { Length: > 0 } to }
                && _byName.ContainsKey(to) && !a.EscalatedTo.Contains(to))
            {
                yield return Entry(a, NotificationChannel.Wake, RouteWake + to, now + TimeSpan.FromMinutes(minutes), notice);
            }
        }
    }

    private OutboxEntry Entry(Alarm a, NotificationChannel channel, string target, DateTimeOffset due, AlarmNotice notice) =>
        new(newId(), a.Id, a.Source, channel, target, due, notice);

    private static bool Matches(string? list, string value)
    {
        var items = AlarmRoute.Items(list);
        return items.Count == 0 || items.Contains(value, StringComparer.Ordinal);
    }
}
