namespace Twin.Simulation.Coverage;

/// <summary>A facility a coverage run measures reach to.</summary>
/// <param name="Id">Stable id (<c>office-4</c>, <c>centre-es-12</c>, <c>station-03</c>, <c>new-1</c>).</param>
/// <param name="Name">Display name.</param>
/// <param name="District">The district whose polygon holds it.</param>
/// <param name="Lat">Latitude (JGD2011 ≈ WGS84).</param>
/// <param name="Lon">Longitude.</param>
/// <param name="Approximate">True where the point stands in for a facility the data lacks (a district centre placed at its elementary school).</param>
public sealed record Facility(string Id, string Name, string District, double Lat, double Lon, bool Approximate);

/// <summary>A town with the people a run counts there.</summary>
/// <param name="Id">The town's id.</param>
/// <param name="Name">The town's name.</param>
/// <param name="District">Its district (the zone its people count in).</param>
/// <param name="Lat">Latitude of its representative point.</param>
/// <param name="Lon">Longitude.</param>
/// <param name="Population">People in the run's year.</param>
public sealed record PopulatedPlace(string Id, string Name, string District, double Lat, double Lon, int Population);
