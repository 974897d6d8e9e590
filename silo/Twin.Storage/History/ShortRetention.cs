namespace Twin.Storage.History;

/// <summary>Devices whose readings are kept for less than the history's retention (children's trackers: hours, not days).</summary>
/// <param name="Name">What the devices are, for the log (e.g. <c>child-tracker</c>).</param>
/// <param name="DeviceIds">The devices.</param>
/// <param name="KeepFor">How long their readings are kept, by reading time.</param>
public sealed record ShortRetention(string Name, IReadOnlyCollection<string> DeviceIds, TimeSpan KeepFor);
