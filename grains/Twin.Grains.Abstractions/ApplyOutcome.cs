namespace Twin.Grains.Abstractions;

/// <summary>What became of a reading offered to a device grain.</summary>
public enum ApplyOutcome
{
    /// <summary>Applied to the live state.</summary>
    Applied,
    /// <summary>Older than the live state: kept in history only.</summary>
    Late,
    /// <summary>A seq the device sent recently: ignored.</summary>
    Duplicate,
}
