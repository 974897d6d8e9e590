namespace Twin.Storage.Consent;

/// <summary>One child's entry in the consent register: the family's present decision, on what basis, and who recorded it when.</summary>
/// <param name="DeviceId">The child tracker's device id.</param>
/// <param name="Granted">Whether the family consents to the tracker's readings being taken.</param>
/// <param name="Basis">What the decision rests on (a signed form, a withdrawal by phone, <c>demo-seed</c>).</param>
/// <param name="Comment">Free text of whoever recorded it; empty when none.</param>
/// <param name="Actor">The account that recorded it (<c>system</c> for the demo seed).</param>
/// <param name="ChangedAt">When it was recorded.</param>
public sealed record ConsentRecord(string DeviceId, bool Granted, string Basis, string Comment, string Actor, DateTimeOffset ChangedAt);
