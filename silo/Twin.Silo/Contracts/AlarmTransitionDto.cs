using Twin.Grains.Abstractions.Alarms;

namespace Twin.Silo.Contracts;

/// <summary>One transition of an alarm: <c>{at, from, to, action, by, comment}</c>.</summary>
public sealed record AlarmTransitionDto(DateTimeOffset At, AlarmState From, AlarmState To, AlarmAction Action, string? By, string? Comment)
{
    /// <summary>The wire shape of a transition.</summary>
    public static AlarmTransitionDto Of(AlarmTransition t) => new(t.At, t.From, t.To, t.Action, t.By, t.Comment);
}
