namespace Twin.Grains.Abstractions;

/// <summary>A child's GPS tracker. Its position never leaves the grain; its readings are taken only with the family's consent.</summary>
public interface IChildTrackerGrain : IDeviceGrain
{
    /// <summary>Whether the family consents now: ingestion asks before it stores a reading, and refuses it (0x87) when not.</summary>
    ValueTask<bool> AdmitsAsync();

    /// <summary>
    /// The consent register changed: on a withdrawal the grain forgets the child at once (live reading, snapshot, cell) and
    /// refuses later readings; its district counts the child in or out on its next cadence.
    /// </summary>
    Task SetConsentAsync(bool granted);
}
