using System.Collections.Immutable;
using Twin.Grains.Abstractions;

namespace Twin.Catalog;

/// <summary>A bridge with girder-end anomaly sensors; the joints are bridge-joint devices whose Group is this bridge's id.</summary>
public sealed record Bridge(string Id, string Name, string District, GeoPoint Position, ImmutableArray<string> JointIds);
