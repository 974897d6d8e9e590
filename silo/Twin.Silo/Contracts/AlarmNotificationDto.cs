using System.Collections.Immutable;

namespace Twin.Silo.Contracts;

/// <summary>
/// A webhook's body: <c>{notificationId, alarm, transition, at, by, ackUrl}</c>, plus <c>route</c> and, for a group's one
/// notification, <c>group</c> and <c>members</c> (every member's source).
/// </summary>
public sealed record AlarmNotificationDto(
    string NotificationId,
    AlarmDto Alarm,
    AlarmTransitionDto Transition,
    DateTimeOffset At,
    string? By,
    string AckUrl,
    string? Route,
    string? Group,
    ImmutableArray<string> Members);
