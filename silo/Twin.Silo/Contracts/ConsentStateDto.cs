namespace Twin.Silo.Contracts;

/// <summary>A child tracker's consent as a device listing shows it: only whether it is granted.</summary>
public sealed record ConsentStateDto(bool Granted);
