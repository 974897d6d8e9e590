namespace Twin.Grains.Abstractions;

/// <summary>The consent register as grains read it: whether a family consents to its child's tracker being read.</summary>
public interface IConsentLookup
{
    /// <summary>Whether the child tracker's family consents now.</summary>
    ValueTask<bool> IsGrantedAsync(string deviceId, CancellationToken ct = default);

    /// <summary>Every child tracker whose family consents now.</summary>
    ValueTask<IReadOnlySet<string>> GrantedAsync(CancellationToken ct = default);
}
