namespace Twin.Silo.Contracts;

/// <summary>A family's decision for the register (<c>PUT /api/children/{id}/consent</c>): granted or withdrawn, on what basis, a comment.</summary>
public sealed record ConsentRequest(bool? Granted, string? Basis, string? Comment);
