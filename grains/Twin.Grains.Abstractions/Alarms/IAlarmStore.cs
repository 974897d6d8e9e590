namespace Twin.Grains.Abstractions.Alarms;

/// <summary>The durable alarms and their notification outbox, in the twin's database.</summary>
public interface IAlarmStore
{
    /// <summary>Writes the alarm (insert or replace) and appends its notifications, in one transaction.</summary>
    Task SaveAsync(Alarm alarm, IReadOnlyList<OutboxEntry> notifications, CancellationToken ct = default);

    /// <summary>Appends notifications that change no alarm (a group's notification).</summary>
    Task EnqueueAsync(IReadOnlyList<OutboxEntry> notifications, CancellationToken ct = default);

    /// <summary>A source's alarms that are not normal.</summary>
    Task<IReadOnlyList<Alarm>> ReadOpenAsync(string source, CancellationToken ct = default);

    /// <summary>One alarm by id, null when there is none.</summary>
    Task<Alarm?> GetAsync(string id, CancellationToken ct = default);

    /// <summary>The alarms matching the query.</summary>
    Task<IReadOnlyList<Alarm>> QueryAsync(AlarmQuery query, CancellationToken ct = default);
}
