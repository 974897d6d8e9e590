namespace Twin.Storage.Consent;

/// <summary>The consent register in process memory (<c>Twin:Storage=Memory</c>, tests): gone with the process.</summary>
public sealed class MemoryConsentStore : IConsentStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, ConsentRecord> _records = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task<ConsentRecord?> FindAsync(string deviceId, CancellationToken ct = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_records.GetValueOrDefault(deviceId));
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ConsentRecord>> ListAsync(CancellationToken ct = default)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<ConsentRecord>>([.. _records.Values.OrderBy(r => r.DeviceId, StringComparer.Ordinal)]);
        }
    }

    /// <inheritdoc />
    public Task PutAsync(ConsentRecord record, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_lock)
        {
            _records[record.DeviceId] = record;
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<bool> SeedIfEmptyAsync(IReadOnlyCollection<ConsentRecord> records, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        lock (_lock)
        {
            if (_records.Count > 0)
            {
                return Task.FromResult(false);
            }
            foreach (var r in records)
            {
                _records[r.DeviceId] = r;
            }
            return Task.FromResult(true);
        }
    }
}
