using Twin.Storage.Consent;

namespace Twin.Silo.Contracts;

/// <summary>A child's entry in the consent register: the decision, its basis and comment, who recorded it and when.</summary>
public sealed record ConsentDto(string Id, string? School, bool Granted, string Basis, string Comment, string By, DateTimeOffset At)
{
    /// <summary>The wire shape of a register entry.</summary>
    public static ConsentDto From(ConsentRecord r, string? school) => new(r.DeviceId, school, r.Granted, r.Basis, r.Comment, r.Actor, r.ChangedAt);
}
