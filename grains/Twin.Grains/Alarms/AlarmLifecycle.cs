using System.Collections.Immutable;
using Twin.Grains.Abstractions;
using Twin.Grains.Abstractions.Alarms;

namespace Twin.Grains.Alarms;

/// <summary>
/// The ISA-18.2 lifecycle as pure functions of an alarm, an event and the time: the condition appearing, rising and
/// clearing; acknowledge, shelve, unshelve, out of service, in service; escalation and a shelving's end. Each returns
/// the alarm after the event with the transition appended, or null when the event changes nothing.
/// </summary>
public static class AlarmLifecycle
{
    /// <summary>The longest a person may shelve an alarm for.</summary>
    public static readonly TimeSpan MaxShelve = TimeSpan.FromDays(30);

    /// <summary>Who acts when the twin itself moves an alarm (a shelving that ends, an escalation).</summary>
    public const string System = "system";

    /// <summary>A new occurrence: active and unacknowledged.</summary>
    public static Alarm Raise(string id, AlarmReport source, AlarmCondition condition, DateTimeOffset now) =>
        new Alarm(id, condition.Type, source.Source, source.Kind, source.District, condition.Severity,
            AlarmState.ActiveUnacknowledged, now, AlarmTexts.For(condition, source.Name))
        {
            Active = true,
            Gateway = source.Gateway,
            SourceName = source.Name,
            Transitions = [new AlarmTransition(now, AlarmState.Normal, AlarmState.ActiveUnacknowledged, AlarmAction.Raise)],
        };

    /// <summary>
    /// The condition is present on an alarm not yet over: back before its return was acknowledged (raised again), or its
    /// severity rose (escalated: unacknowledged again unless shelved or out of service, so the worse level is seen).
    /// The severity never falls within an occurrence (a river-level alarm keeps the highest level reached).
    /// </summary>
    public static Alarm? Present(Alarm a, AlarmCondition c, string sourceName, DateTimeOffset now)
    {
        if (a.State == AlarmState.Normal)
        {
            return null;
        }
        if (c.Severity > a.Severity)
        {
            var to = a.State is AlarmState.Shelved or AlarmState.OutOfService ? a.State : AlarmState.ActiveUnacknowledged;
            return Step(a with { Severity = c.Severity, Text = AlarmTexts.For(c, sourceName), Active = true, ClearedAt = null },
                now, to, AlarmAction.Escalate);
        }
        if (a.State == AlarmState.ReturnedUnacknowledged)
        {
            return Step(a with { Active = true, ClearedAt = null }, now, AlarmState.ActiveUnacknowledged, AlarmAction.Raise);
        }
        if (!a.Active)
        {
            // Shelved or out of service, and present again: no state to change, but the record says so.
            return Step(a with { Active = true, ClearedAt = null }, now, a.State, AlarmAction.Raise);
        }
        return null;
    }

    /// <summary>
    /// The condition cleared: unacknowledged → returned-unacknowledged; acknowledged or shelved → normal (the occurrence is
    /// over); out of service stays so until put back in service.
    /// </summary>
    public static Alarm? Cleared(Alarm a, DateTimeOffset now)
    {
        if (!a.Active || a.State == AlarmState.Normal)
        {
            return null;
        }
        var to = a.State switch
        {
            AlarmState.ActiveUnacknowledged => AlarmState.ReturnedUnacknowledged,
            AlarmState.OutOfService => AlarmState.OutOfService,
            _ => AlarmState.Normal,
        };
        return Step(a with { Active = false, ClearedAt = now, ShelvedUntil = to == AlarmState.Normal ? null : a.ShelvedUntil },
            now, to, AlarmAction.Return);
    }

    /// <summary>A person's command; the alarm after it, or why it does not apply in the alarm's state.</summary>
    public static (Alarm? Alarm, string? Error) Command(Alarm a, AlarmCommand cmd, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(cmd.By))
        {
            return (null, "Say who acts.");
        }
        if (a.State == AlarmState.Normal)
        {
            return (null, "The alarm is over (normal); nothing is left to act on.");
        }
        switch (cmd.Action)
        {
            case AlarmAction.Acknowledge:
                if (a.State is not (AlarmState.ActiveUnacknowledged or AlarmState.ReturnedUnacknowledged))
                {
                    return (null, $"Only an unacknowledged alarm can be acknowledged; this one is {Wire(a.State)}.");
                }
                var acked = a with { AckedBy = cmd.By, AckedAt = now };
                return (Step(acked, now, a.Active ? AlarmState.ActiveAcknowledged : AlarmState.Normal, AlarmAction.Acknowledge, cmd), null);
            case AlarmAction.Shelve:
                if (cmd.Until is not { } until || until <= now)
                {
                    return (null, "Shelving needs `until`, a time in the future.");
                }
                if (until - now > MaxShelve)
                {
                    return (null, $"An alarm is shelved for at most {MaxShelve.TotalDays:0} days.");
                }
                if (a.State == AlarmState.OutOfService)
                {
                    return (null, "An alarm out of service cannot be shelved; put it back in service first.");
                }
                return (Step(a with { ShelvedUntil = until }, now, AlarmState.Shelved, AlarmAction.Shelve, cmd), null);
            case AlarmAction.Unshelve:
                if (a.State != AlarmState.Shelved)
                {
                    return (null, $"Only a shelved alarm can be unshelved; this one is {Wire(a.State)}.");
                }
                return (Unshelve(a, now, cmd), null);
            case AlarmAction.OutOfService:
                if (a.State == AlarmState.OutOfService)
                {
                    return (null, "The alarm is out of service already.");
                }
                return (Step(a with { ShelvedUntil = null }, now, AlarmState.OutOfService, AlarmAction.OutOfService, cmd), null);
            case AlarmAction.InService:
                if (a.State != AlarmState.OutOfService)
                {
                    return (null, $"Only an alarm out of service can be put back in service; this one is {Wire(a.State)}.");
                }
                return (Step(a, now, a.Active ? AlarmState.ActiveUnacknowledged : AlarmState.Normal, AlarmAction.InService, cmd), null);
            default:
                return (null, $"'{cmd.Action}' is not something a person does to an alarm.");
        }
    }

    /// <summary>The shelving's time has come: unshelved by the twin. Null when it was unshelved or reshelved meanwhile.</summary>
    public static Alarm? ShelvingEnds(Alarm a, DateTimeOffset now) =>
        a.State == AlarmState.Shelved && a.ShelvedUntil is { } until && until <= now
            ? Unshelve(a, now, new AlarmCommand(AlarmAction.Unshelve, System, "shelving time ended"))
            : null;

    /// <summary>
    /// Escalation to <paramref name="route"/>: only an alarm still unacknowledged (active or returned) and not escalated
    /// there before; the route is told of it and of its later transitions.
    /// </summary>
    public static Alarm? Escalate(Alarm a, string route, DateTimeOffset now)
    {
        if (a.State is not (AlarmState.ActiveUnacknowledged or AlarmState.ReturnedUnacknowledged) || a.EscalatedTo.Contains(route))
        {
            return null;
        }
        return Step(a with { EscalatedTo = a.EscalatedTo.Add(route) }, now, a.State, AlarmAction.Route,
            new AlarmCommand(AlarmAction.Route, System, $"unacknowledged: escalated to {route}"));
    }

    private static Alarm Unshelve(Alarm a, DateTimeOffset now, AlarmCommand cmd) =>
        Step(a with { ShelvedUntil = null }, now, a.Active ? AlarmState.ActiveUnacknowledged : AlarmState.Normal, AlarmAction.Unshelve, cmd);

    private static Alarm Step(Alarm a, DateTimeOffset now, AlarmState to, AlarmAction action, AlarmCommand? cmd = null)
    {
        var transitions = a.Transitions.IsDefault ? ImmutableArray<AlarmTransition>.Empty : a.Transitions;
        return a with
        {
            State = to,
            Transitions = transitions.Add(new AlarmTransition(now, a.State, to, action, cmd?.By, cmd?.Comment)),
        };
    }

    /// <summary>A state's wire name, as the JSON writes it (<c>active-unacknowledged</c>).</summary>
    private static string Wire(AlarmState s) => global::System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(s.ToString());
}
